"""The case over time (issue #16): the timeline panel, the "since last time" diff with the two lesion
diagrams side by side, the knowledge-base change banner and the "save as time point" dialog."""
