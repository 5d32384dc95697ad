"""NELM Desktop: explainable treatment options for neuroendocrine liver metastases."""

import os

from nelm_desktop import pydantic_plugins

__version__ = "0.1.0"

# No pydantic plugins: case data never passes through third-party hooks (an installed observability
# plugin would see every case), and looking for plugins reads every installed package's metadata
# when the first model class is built (~20 ms CPU of each start). Nor is the plugin loader imported
# just to say so (pydantic_plugins: it pulls in importlib.metadata and email, ~18 ms more).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
pydantic_plugins.install()
