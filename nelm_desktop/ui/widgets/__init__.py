"""widgets room."""
