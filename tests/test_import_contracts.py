"""The import contracts (pyproject.toml, run by `lint-imports`) cover every
module of solidarity/: each is core (imports no app) or site level, so a new
module cannot slip past both lists unchecked."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = "The site-wide core of solidarity/ imports no app"
LAYERS = "Site level above appeals above posts above the core"


def layer_modules(layer):
    return {name.strip().strip("()") for name in layer.split(":")}


def test_every_module_of_solidarity_is_core_or_site_level():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts = {
        contract["name"]: contract
        for contract in config["tool"]["importlinter"]["contracts"]
    }
    core = set(contracts[CORE]["source_modules"])
    layers = contracts[LAYERS]["layers"]
    site, lowest = layer_modules(layers[0]), layer_modules(layers[-1])
    assert lowest == core
    modules = {
        f"solidarity.{path.stem}"
        for path in (ROOT / "solidarity").iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path / "__init__.py").exists()
    }
    assert not core & site
    assert modules == core | site
