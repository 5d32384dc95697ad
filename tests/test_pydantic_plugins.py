"""No pydantic plugin ever sees case data, and start-up does not pay for looking for one (#17).

Real processes with a real plugin installed on the path (a dist-info folder with an entry point in
pydantic's group): the app's default keeps it out; enabling plugins shows the test can see one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

_PLUGIN = """
import os
from pathlib import Path

class Plugin:
    def new_schema_validator(self, *args, **kwargs):
        Path(os.environ["PLUGIN_SAW"]).write_text("saw a model")
        return None, None, None

plugin = Plugin()
"""

_CHILD = """
import sys
import nelm_desktop.core.store
from nelm_desktop.core.model import new_case
new_case(patient_label="P-1")
import pydantic.plugin._loader as loader
print("metadata" if "importlib.metadata" in sys.modules else "no metadata", loader.PYDANTIC_ENTRY_POINT_GROUP)
"""


def _install_plugin(folder: Path) -> None:
    (folder / "spy_plugin.py").write_text(_PLUGIN, encoding="utf-8")
    info = folder / "spy_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: spy-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text("[pydantic]\nspy = spy_plugin:plugin\n", encoding="utf-8")


def _run(tmp_path: Path, **env: str) -> tuple[str, bool]:
    saw = tmp_path / "saw.txt"
    saw.unlink(missing_ok=True)
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    environment.update(PYTHONPATH=str(tmp_path / "site"), PLUGIN_SAW=str(saw), **env)
    run = subprocess.run(
        [sys.executable, "-c", _CHILD],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip(), saw.exists()


def test_an_installed_plugin_never_sees_a_case_and_its_metadata_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    _install_plugin(tmp_path / "site")
    assert _run(tmp_path) == ("no metadata pydantic", False)


def test_the_test_sees_a_plugin_when_plugins_are_enabled(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    _install_plugin(tmp_path / "site")
    assert _run(tmp_path, PYDANTIC_DISABLE_PLUGINS="") == ("metadata pydantic", True)
