"""The rule tables, one module per domain; every row cites its catalogue id."""
