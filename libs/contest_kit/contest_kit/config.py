"""Config files: YAML with `${VAR:default}`, read the same way nameko reads them."""
import yaml
from nameko.cli.main import setup_yaml_parser

setup_yaml_parser()


def load_config(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}
