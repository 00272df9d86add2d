"""Configuration: discovery upward, validation with file and key, flags override the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from vetlint.config import TEMPLATE, build_settings, find_config, load_config, write_template
from vetlint.errors import UsageError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_vetlint_toml_found_upward(tmp_path: Path) -> None:
    cfg = write(tmp_path / "vetlint.toml", 'fail-on = "warning"\nselect = ["VL1"]\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == cfg
    settings = build_settings(load_config(start=deep))
    assert settings.fail_on == "warning" and settings.select == ["VL1"]
    assert settings.config_path == str(cfg)


def test_pyproject_tool_table_and_pyproject_without_it(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path) is None
    write(tmp_path / "pyproject.toml", '[tool.vetlint]\nlang = "en"\nmax-size = 2\n[tool.vetlint.severity]\nVL205 = "warning"\n')
    settings = build_settings(load_config(start=tmp_path))
    assert settings.lang == "en"
    assert settings.max_bytes == 2 * 1024 * 1024
    assert settings.severity == {"VL205": "warning"}


def test_nearest_file_wins(tmp_path: Path) -> None:
    write(tmp_path / "vetlint.toml", 'lang = "zh"\n')
    write(tmp_path / "sub" / "pyproject.toml", '[tool.vetlint]\nlang = "en"\n')
    assert build_settings(load_config(start=tmp_path / "sub")).lang == "en"


def test_flags_override_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "vetlint.toml", 'fail-on = "warning"\nignore = ["VL3"]\nrounding = "truncate"\n[severity]\nVL1 = "info"\n')
    settings = build_settings(
        load_config(cfg),
        {"fail-on": "never", "ignore": [], "rounding": None, "severity": {"VL2": "error"}, "lang": None},
    )
    assert settings.fail_on == "never"  # flag wins
    assert settings.ignore == ["VL3"]  # empty flag list keeps the file's
    assert settings.rounding == "truncate"  # None keeps the file's
    assert settings.severity == {"VL1": "info", "VL2": "error"}


def test_rule_folders_are_relative_to_the_config_file(tmp_path: Path) -> None:
    cfg = write(tmp_path / "conf" / "vetlint.toml", 'rules = ["packs"]\n')
    assert build_settings(load_config(cfg)).rule_dirs == [str((tmp_path / "conf" / "packs").resolve())]


def test_waivers_parsed(tmp_path: Path) -> None:
    cfg = write(
        tmp_path / "pyproject.toml",
        '[[tool.vetlint.waivers]]\nfingerprint = "abc"\nreason = "ok"\nwho = "qa"\n',
    )
    (w,) = build_settings(load_config(cfg)).waivers
    assert (w.fingerprint, w.reason, w.who) == ("abc", "ok", "qa")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('fail_on = "sometimes"\n', "'fail-on' in the file must be error | warning | info | never"),
        ("colour = true\n", "unknown key 'colour'"),
        ("max-size = -1\n", "'max-size' in the file must be a size in MB from 0.001 to 4096"),
        ('select = "VL1"\nignore = [1]\n', "'ignore' in the file must be a list of strings"),
        ('[severity]\nVL1 = "fatal"\n', "'severity.VL1'"),
        ("[[waivers]]\nreason = \"x\"\n", "waivers[1].fingerprint"),
        ("lang = \n", "invalid TOML"),
    ],
)
def test_bad_configuration_names_file_and_key(tmp_path: Path, text: str, needle: str) -> None:
    cfg = write(tmp_path / "vetlint.toml", text)
    with pytest.raises(UsageError) as info:
        load_config(cfg)
    assert needle in info.value.message
    assert str(cfg) in info.value.message


def test_missing_explicit_config(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="configuration file not found"):
        load_config(tmp_path / "nope.toml")


def test_template_is_valid_and_init_refuses_to_overwrite(tmp_path: Path) -> None:
    target = write_template(tmp_path / "vetlint.toml")
    assert target.read_text(encoding="utf-8") == TEMPLATE
    settings = build_settings(load_config(target))
    assert settings.fail_on == "error" and settings.rounding == "round"
    with pytest.raises(UsageError, match="already exists"):
        write_template(target)
