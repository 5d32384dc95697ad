"""NELM Desktop: explainable treatment options for neuroendocrine liver metastases."""

__version__ = "0.1.0"
