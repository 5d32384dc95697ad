"""NELM Desktop: explainable treatment options for neuroendocrine liver metastases."""

import os

__version__ = "0.1.0"

# No pydantic plugins: case data never passes through third-party hooks (an installed observability
# plugin would see every case), and looking for plugins reads every installed package's metadata
# when the first model class is built (~20 ms CPU of each start).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
