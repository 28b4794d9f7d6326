"""Configuration: antt.toml / [tool.antt]; flags > environment > file > default; `antt config show`."""

from __future__ import annotations

import json

from conftest import ROOT, run_antt

RECORD = str(ROOT / "examples/khu_dan_cu/to-dan-pho-tran-phu.yaml")


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_no_configuration(tmp_path):
    r = run_antt("config", "show", "--lang", "en", cwd=tmp_path)
    assert r.returncode == 0
    assert r.stdout.splitlines() == [
        "Configuration file: none (looked for antt.toml or [tool.antt] in pyproject.toml from here upwards)",
        "  criteria = the bundled criteria   (default)",
        "  lang     = en                     (command-line flag)",
        "  format   = table                  (default)",
        "  limits   = default                (default)",
    ]


def test_antt_toml_sets_defaults_and_paths_are_relative_to_it(tmp_path):
    _write(tmp_path / "antt.toml", f'criteria = ["{ROOT}/criteria", "{ROOT}/examples/packs/thanh-hoa"]\n'
                                   'lang = "en"\nformat = "json"\n')
    sub = tmp_path / "deeper"
    sub.mkdir()
    r = run_antt("config", "show", cwd=sub)
    assert r.stdout.splitlines()[0] == f"Configuration file: {tmp_path / 'antt.toml'}"
    assert r.stdout.splitlines()[2].split("(")[-1] == "../antt.toml)"
    # assess: JSON (format), English (lang), with the pack (criteria) — no flag given
    r = run_antt("assess", RECORD, cwd=sub)
    doc = json.loads(r.stdout)
    assert doc["lang"] == "en"
    assert doc["units"][0]["criteria"][-1]["id"] == "TH-KDC-1"


def test_flag_beats_environment_beats_file(tmp_path):
    _write(tmp_path / "antt.toml", 'lang = "en"\nformat = "json"\n')
    r = run_antt("config", "show", cwd=tmp_path, env={"ANTT_FORMAT": "table"})
    assert [line.split() for line in r.stdout.splitlines()[1:]] == [
        ["criteria", "=", "the", "bundled", "criteria", "(default)"],
        ["lang", "=", "en", "(antt.toml)"],
        ["format", "=", "table", "(env", "ANTT_FORMAT)"],
        ["limits", "=", "default", "(default)"],
    ]
    r = run_antt("assess", RECORD, cwd=tmp_path, env={"ANTT_FORMAT": "table"})
    assert r.stdout.startswith("Unit: Tổ dân phố Trần Phú")  # table (env), English (file)
    r = run_antt("assess", RECORD, cwd=tmp_path, env={"ANTT_LANG": "vi"})
    assert json.loads(r.stdout)["lang"] == "vi"  # env beats file
    r = run_antt("assess", RECORD, "--lang", "en", "-f", "table", cwd=tmp_path, env={"ANTT_LANG": "vi"})
    assert r.stdout.startswith("Unit: ")  # flags beat both


def test_pyproject_tool_antt(tmp_path):
    _write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n\n[tool.antt]\nlang = "en"\n')
    r = run_antt("config", "show", cwd=tmp_path)
    assert r.stdout.splitlines()[2].endswith("(pyproject.toml [tool.antt])")


def test_bad_configuration_is_a_located_error(tmp_path):
    _write(tmp_path / "antt.toml", 'lang = "en"\nlanguage = "vi"\nformat = "pdf"\n')
    r = run_antt("assess", RECORD, cwd=tmp_path)
    assert r.returncode == 2
    from antt_cli.report import registry

    assert r.stderr.splitlines() == [
        "antt.toml:2:1: unknown configuration key 'language' — did you mean 'lang'?; keys: criteria, lang, format, limits "
        "[config-unknown-key]",
        "antt.toml:3:1: invalid configuration value for 'format': expected "
        f"{' | '.join(registry.names(units=True))}, got 'pdf' [config-value]",
    ]
    _write(tmp_path / "antt.toml", 'lang = "en\n')
    r = run_antt("config", "show", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr == "antt.toml:1:11: lỗi cú pháp TOML: Illegal character '\\n' [config-syntax]\n"


def test_criteria_check_uses_the_configured_criteria(tmp_path):
    _write(tmp_path / "antt.toml", f'criteria = ["{ROOT}/tests/fixtures/bad-criteria/percent-170.yaml"]\n')
    r = run_antt("criteria", "check", cwd=tmp_path)
    assert r.returncode == 2 and "[cond-percent]" in r.stdout
    r = run_antt("criteria", "check", str(ROOT / "criteria"), cwd=tmp_path)  # a PATH argument wins
    assert r.returncode == 0


def test_help_and_version_ignore_a_broken_configuration(tmp_path):
    _write(tmp_path / "antt.toml", "this is not toml\n")
    assert run_antt("--version", cwd=tmp_path).returncode == 0
    assert run_antt("--help", cwd=tmp_path).returncode == 0


def test_every_report_format_can_be_the_configured_default(tmp_path):
    """The configuration reads the one list of formats: `format = "csv"` works like `--format csv`."""
    _write(tmp_path / "antt.toml", 'format = "csv"\n')
    r = run_antt("assess", RECORD, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].startswith("file,type,type_label,code,name,")


def test_limits_come_from_the_configuration(tmp_path):
    _write(tmp_path / "antt.toml", '[limits]\nfile_bytes = 100\n')
    r = run_antt("assess", RECORD, cwd=tmp_path, env={"ANTT_LANG": "en"})
    assert r.returncode == 2
    assert "file too large" in r.stderr and "[file-too-large]" in r.stderr
    _write(tmp_path / "antt.toml", '[limits]\nfile_bites = 100\n')
    r = run_antt("assess", RECORD, cwd=tmp_path, env={"ANTT_LANG": "en"})
    assert r.returncode == 2 and "[config-value]" in r.stderr
