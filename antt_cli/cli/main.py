"""The command line: options parsed here, then the command module does the work (imported on first
use, so that `antt --help` and `antt --version` stay fast). Errors become exit codes in one place,
`run()` (antt_cli.cli.errors lists them).

No `from __future__ import annotations` here: typer reads every option's `Annotated[...]` through
`inspect.signature`, and string annotations are compiled and evaluated again each time (about 430
`eval`s, a third of `antt --help`); written as objects they are built once, at import."""


import os
import signal
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Optional

import typer

from antt_cli import __version__, stopping
from antt_cli.report import registry

HELP = ("Đánh giá khu dân cư, xã, cơ quan, doanh nghiệp, cơ sở giáo dục theo bộ tiêu chí trong criteria/*.yaml "
        "(xem `antt criteria list`).\n\n"
        "Assess residential areas, communes, agencies, enterprises and schools against the criteria in "
        "criteria/*.yaml (see `antt criteria list`).")
SETTINGS = {"help_option_names": ["-h", "--help"]}

app = typer.Typer(name="antt", help=HELP, no_args_is_help=True, add_completion=True, pretty_exceptions_enable=False,
                  rich_markup_mode=None, context_settings=SETTINGS)
criteria_app = typer.Typer(help="Tiêu chí: kiểm tra, liệt kê, xem / criteria files: check, list, show.",
                           no_args_is_help=True, rich_markup_mode=None, context_settings=SETTINGS)
config_app = typer.Typer(help="Cấu hình (antt.toml, [tool.antt]) / configuration.", no_args_is_help=True,
                         rich_markup_mode=None, context_settings=SETTINGS)
templates_app = typer.Typer(help="Mẫu văn bản của hồ sơ: chép để sửa, liệt kê / the dossier's document templates: copy "
                            "to edit, list.", no_args_is_help=True, rich_markup_mode=None, context_settings=SETTINGS)
app.add_typer(criteria_app, name="criteria")
app.add_typer(config_app, name="config")
app.add_typer(templates_app, name="templates")


class Lang(str, Enum):
    vi = "vi"
    en = "en"


def _formats(**kind: bool) -> list[str]:
    return registry.names(**kind)


def _complete(**kind: bool) -> Callable[[str], list[str]]:
    return lambda incomplete: [n for n in _formats(**kind) if n.startswith(incomplete)]


def _check_format(value: str | None, **kind: bool) -> str | None:
    if value is not None and value not in _formats(**kind):
        raise typer.BadParameter(f"{value!r} ∉ {{{', '.join(_formats(**kind))}}}", param_hint="--format")
    return value


def _version(value: bool) -> None:
    if value:
        print(f"antt {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", "-V", callback=_version, is_eager=True,
                                          help="Phiên bản / show the version.")] = False,
) -> None:
    """antt"""
    from antt_cli.cli import config_cmd

    config_cmd.apply(ctx)  # antt.toml / [tool.antt] → option defaults (flags and environment still win)


LangOpt = Annotated[Lang, typer.Option("--lang", "-l", envvar="ANTT_LANG", help="Ngôn ngữ / language (vi, en).")]
CriteriaOpt = Annotated[Optional[list[Path]], typer.Option(
    "--criteria", "-c", help="Thư mục/tệp tiêu chí (mặc định: criteria/ ở đây nếu có, không thì bộ kèm theo) / "
    "criteria folder or file (default: criteria/ here if present, else the bundled set).")]
YearOpt = Annotated[Optional[int], typer.Option("--year", min=2000, max=2100, help="Năm đánh giá / assessment year.")]
AsOfOpt = Annotated[Optional[str], typer.Option(
    "--as-of", help="Ngày chọn bộ tiêu chí có hiệu lực (YYYY-MM-DD) / date for the rule set.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Chỉ báo lỗi / only problems on stderr.")]
VerboseOpt = Annotated[bool, typer.Option("--verbose", "-v", help="Thêm chi tiết (bộ tiêu chí dùng…) / more detail on stderr.")]
PROBLEM_FORMATS = "text, json, github, sarif"


def _run(module: str, fn: str, *, starts_itself: bool = False, **kwargs: Any) -> None:
    """Run a command module's function; its int is the exit code. Start-up ends here (cli.entry), unless
    the command says when (`starts_itself`: assess and validate, once their criteria are loaded)."""
    import importlib

    from antt_cli.cli.entry import started

    command = getattr(importlib.import_module(f"antt_cli.cli.{module}"), fn)
    if not starts_itself:
        started()
    raise typer.Exit(command(**kwargs))


@app.command()
def assess(
    paths: Annotated[list[Path], typer.Argument(help="Tệp bản ghi (YAML), thư mục, bảng tính (.csv, .xlsx) / record files, "
                                                     "folders, spreadsheets.", show_default=False)],
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", autocompletion=_complete(units=True),
        help=f"Định dạng / output format: {', '.join(_formats(units=True))} [mặc định / default: table].",
        show_default=False)] = None,
    output: Annotated[Optional[list[str]], typer.Option(
        "--output", "-o", metavar="[FORMAT=]FILE", help="Ghi báo cáo vào tệp (lặp lại được; định dạng theo đuôi tệp) / "
        "write a report to FILE (repeatable; format from the extension).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Số tiến trình (mặc định: số lõi) / worker "
                                                                            "processes (default: the number of cores).")] = None,
    document: Annotated[Optional[str], typer.Option(
        "--document", "-d", metavar="KIND", help="Văn bản của hồ sơ khi ghi .docx: bien_ban, bao_cao_ket_qua, to_trinh, "
        "dang_ky (một đơn vị); danh_sach, bao_cao_tong_hop, quyet_dinh (một xã) / which dossier document a .docx is.")] = None,
    templates: Annotated[Optional[Path], typer.Option(
        "--templates", metavar="DIR", help="Thư mục mẫu văn bản thay cho mẫu kèm theo (antt templates copy DIR) / "
        "a folder of document templates overriding the shipped ones.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Cho phép ghi đè văn bản đã có trong thư mục hồ sơ / let a dossier "
                                                       "replace documents already in its folder.")] = False,
    previous: Annotated[Optional[list[Path]], typer.Option(
        "--previous", "-p", metavar="PATH", help="Bản ghi hoặc báo cáo JSON của (các) năm trước: thư mục, bảng tính, "
        "ket-qua.json (lặp lại được); số liệu năm trước được lấy từ đó, kèm nguồn / earlier years' records or JSON "
        "reports (repeatable): last year's figures are taken from them, with their source (docs/years.md).")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Đánh giá đơn vị / assess units: verdict and every criterion with its reasons; folders and spreadsheets give a summary."""
    _check_format(format, units=True)
    _run("assess", "run", starts_itself=True, paths=paths, fmt=format or "table", lang=lang.value, year=year, as_of=as_of,
         criteria_paths=criteria, outputs=output, jobs=jobs, quiet=quiet, verbose=verbose, format_given=format is not None,
         document=document, templates=templates, force=force, previous=previous)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(metavar="OLD", help="Lần trước: báo cáo JSON (antt assess -o ket-qua.json), thư "
                                                            "mục hoặc bảng tính / the earlier run: a JSON report, a "
                                                            "folder or a spreadsheet.", show_default=False)],
    new: Annotated[Path, typer.Argument(metavar="NEW", help="Lần sau, như OLD / the later run, likewise.",
                                        show_default=False)],
    format: Annotated[Optional[str], typer.Option(
        "--format", "-f", autocompletion=_complete(diff=True),
        help=f"Định dạng / output format: {', '.join(_formats(diff=True))} [mặc định / default: table].",
        show_default=False)] = None,
    output: Annotated[Optional[list[str]], typer.Option(
        "--output", "-o", metavar="[FORMAT=]FILE", help="Ghi kết quả vào tệp (lặp lại được) / write to FILE "
        "(repeatable; format from the extension).")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, help="Số tiến trình khi đánh giá thư mục / worker "
                                                                            "processes for folders.")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    criteria: CriteriaOpt = None,
) -> None:
    """So sánh hai lần đánh giá (năm trước – năm nay) / what changed between two runs: outcomes, criteria and figures,
    new and vanished units, the communes' rates (exit 1 if a unit that passed no longer does)."""
    _check_format(format, diff=True)
    _run("diff", "run", old=old, new=new, fmt=format or "table", lang=lang.value, criteria_paths=criteria,
         outputs=output, jobs=jobs, quiet=quiet, verbose=verbose, format_given=format is not None)


class TemplateFormat(str, Enum):  # antt new
    yaml = "yaml"
    xlsx = "xlsx"
    csv = "csv"
    docx = "docx"


@app.command()
def new(
    unit_type: Annotated[Optional[list[str]], typer.Argument(
        metavar="[TYPE]...", help="Loại đơn vị / unit type (khu_dan_cu, xa, co_quan, doanh_nghiep, co_so_giao_duc); "
        "không ghi: bảng tính cả xã với mọi loại đơn vị (xlsx) / none: a workbook for a whole commune, every unit type.",
        show_default=False)] = None,
    format: Annotated[Optional[TemplateFormat], typer.Option(
        "--format", "-f", help="yaml (bản ghi có chú thích), xlsx (bảng tính: mỗi loại đơn vị một trang, trang Vụ việc), "
        "csv, docx (bản đăng ký phấn đấu trống) / a commented record, a blank workbook (a sheet per unit type, an "
        "incidents sheet), a blank csv, the blank registration form [mặc định: theo đuôi tệp -o, không thì yaml / "
        "default: from the -o extension, else yaml].",
        show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Ghi vào tệp thay vì stdout / write to FILE "
                                                                           "instead of stdout.")] = None,
    templates: Annotated[Optional[Path], typer.Option(
        "--templates", metavar="DIR", help="Thư mục mẫu văn bản (docx) thay cho mẫu kèm theo / a folder of document "
        "templates overriding the shipped ones.")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Bản ghi trống có chú thích, bảng tính trống, hoặc bản đăng ký phấn đấu trống (-o dang-ky.docx) / a blank,
    commented record for TYPE, a blank workbook, or the blank registration form."""
    _run("new", "run", unit_types=unit_type, lang=lang.value, year=year, criteria_paths=criteria,
         fmt=format.value if format else None, output=output, verbose=verbose, templates=templates)


@templates_app.command("copy")
def templates_copy(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Thư mục nhận bản sao / the folder to copy them into.")],
    quiet: QuietOpt = False,
    lang: LangOpt = Lang.vi,
) -> None:
    """Chép các mẫu văn bản kèm theo để sửa (Word, HTML) / copy the shipped document templates to edit; then use
    --templates DIR."""
    _run("templates_cmd", "copy", folder=folder, lang=lang.value, quiet=quiet)


@templates_app.command("list")
def templates_list(
    lang: LangOpt = Lang.vi,
) -> None:
    """Các văn bản của hồ sơ và mẫu của chúng / the dossier's documents and their templates."""
    _run("templates_cmd", "list_", lang=lang.value)


@app.command("test")
def test_cases(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Tệp/thư mục ca kiểm thử / case files (mặc định: "
                                                               "cases/ của bộ tiêu chí / default: the criteria's cases/).",
                                                          show_default=False)] = None,
    keyword: Annotated[Optional[str], typer.Option("-k", help="Chỉ chạy ca có tên chứa chuỗi này / only cases whose "
                                                               "name contains this.")] = None,
    min_coverage: Annotated[Optional[float], typer.Option(
        "--min-coverage", min=0, max=100, metavar="PCT", help="Lỗi nếu độ bao phủ tiêu chí thấp hơn PCT% / fail below "
        "this criterion coverage.")] = None,
    coverage: Annotated[bool, typer.Option("--coverage", help="Liệt kê cả nhánh 'any' chưa được kiểm / also list "
                                                             "untested 'any' branches.")] = False,
    format: Annotated[str, typer.Option("--format", "-f", autocompletion=_complete(problems=True),
                                        help=f"Định dạng / output format: {PROBLEM_FORMATS}.")] = "text",
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    criteria: CriteriaOpt = None,
) -> None:
    """Chạy các ca kiểm thử tiêu chí / run criteria test cases."""
    _check_format(format, problems=True)
    _run("cases", "run", paths=paths, keyword=keyword, lang=lang.value, criteria_paths=criteria,
         min_coverage=min_coverage, show_coverage=coverage, fmt=format, quiet=quiet, verbose=verbose)


@criteria_app.command("check")
def criteria_check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Tệp/thư mục tiêu chí (mặc định: cấu hình, criteria/ ở "
                                                               "đây, hoặc bộ kèm theo) / criteria files or folders.",
                                                          show_default=False)] = None,
    format: Annotated[str, typer.Option("--format", "-f", autocompletion=_complete(problems=True),
                                        help=f"Định dạng / output format: {PROBLEM_FORMATS}.")] = "text",
    whole_set: Annotated[Optional[bool], typer.Option(
        "--whole-set/--files-only", help="Kiểm cả yêu cầu của trọn bộ (đủ loại đơn vị, không hở hiệu lực); mặc định: có "
        "khi kiểm thư mục / also check whole-set rules (default: for folders).")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    criteria: CriteriaOpt = None,
) -> None:
    """Kiểm tra tệp tiêu chí, báo mọi lỗi có vị trí / check criteria files, report every problem (exit 2)."""
    _check_format(format, problems=True)
    _run("criteria_cmd", "check", paths=paths or criteria, fmt=format, lang=lang.value, whole_set=whole_set,
         quiet=quiet, verbose=verbose)


class ListFormat(str, Enum):
    text = "text"
    json = "json"


class ShowFormat(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


@criteria_app.command("list")
def criteria_list(
    unit_type: Annotated[Optional[str], typer.Argument(metavar="[TYPE]", help="Loại đơn vị / unit type.",
                                                       show_default=False)] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f", help="text, json.")] = ListFormat.text,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Liệt kê tiêu chí / list the criteria (of TYPE), with citations."""
    _run("criteria_cmd", "list_", type_name=unit_type, fmt=format.value, lang=lang.value, year=year, as_of=as_of,
         criteria_paths=criteria, verbose=verbose)


@criteria_app.command("show")
def criteria_show(
    name: Annotated[str, typer.Argument(metavar="ID|TYPE", help="Mã tiêu chí hoặc loại đơn vị / criterion id or unit type.")],
    format: Annotated[ShowFormat, typer.Option("--format", "-f", help="text, markdown (phiếu in cho cuộc họp bình xét), "
                                                                      "json.")] = ShowFormat.text,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Xem tiêu chí: yêu cầu, căn cứ, cách hiểu / show criteria in words, with citations and readings."""
    _run("criteria_cmd", "show", name=name, fmt=format.value, lang=lang.value, year=year, as_of=as_of,
         criteria_paths=criteria, verbose=verbose)


@app.command()
def schema(
    name: Annotated[str, typer.Argument(metavar="TYPE|criteria", help="Loại đơn vị, hoặc 'criteria' / a unit type, or "
                                                                       "'criteria'.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Ghi vào tệp thay vì stdout / write to FILE "
                                                                           "instead of stdout.")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """In JSON Schema của bản ghi TYPE hoặc của tệp tiêu chí / print the JSON Schema of a record or of criteria files."""
    _run("schema", "run", name=name, lang=lang.value, year=year, as_of=as_of, criteria_paths=criteria, output=output,
         verbose=verbose)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Tệp bản ghi, thư mục, bảng tính / record files, folders, "
                                                     "spreadsheets.", show_default=False)],
    format: Annotated[str, typer.Option("--format", "-f", autocompletion=_complete(problems=True),
                                        help=f"Định dạng / output format: {PROBLEM_FORMATS}.")] = "text",
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    lang: LangOpt = Lang.vi,
    year: YearOpt = None,
    as_of: AsOfOpt = None,
    criteria: CriteriaOpt = None,
) -> None:
    """Kiểm tra bản ghi theo lược đồ, không đánh giá / check unit records without assessing (exit 2 if invalid)."""
    _check_format(format, problems=True)
    _run("validate", "run", starts_itself=True, paths=paths, fmt=format, lang=lang.value, year=year, as_of=as_of, criteria_paths=criteria,
         quiet=quiet, verbose=verbose)


@config_app.command("show")
def config_show(
    lang: Annotated[Optional[Lang], typer.Option("--lang", "-l", help="Ngôn ngữ / language.")] = None,
    format: Annotated[Optional[str], typer.Option("--format", "-f", help="Định dạng của assess / assess format.")] = None,
    quiet: QuietOpt = False,
    verbose: VerboseOpt = False,
    criteria: CriteriaOpt = None,
) -> None:
    """Giá trị cấu hình và nguồn của chúng / each setting and where it came from (flag > env > file > default)."""
    _run("config_cmd", "show", lang=lang.value if lang else None, fmt=format, criteria=criteria)


# ----------------------------------------------------------------------------- the edge


def _lang_of(argv: list[str]) -> str:
    for i, a in enumerate(argv):
        if a in ("--lang", "-l") and i + 1 < len(argv):
            return "en" if argv[i + 1] == "en" else "vi"
        if a.startswith("--lang="):
            return "en" if a.split("=", 1)[1] == "en" else "vi"
    return "en" if os.environ.get("ANTT_LANG") == "en" else "vi"


def _utf8_streams() -> None:
    """Output is UTF-8 whatever the console's code page (a redirected stdout on Windows would use
    cp1258 or cp1252 and fail on Vietnamese)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (OSError, ValueError):  # pragma: no cover - a stream that cannot change
                pass


def _on_signal(signum: int, frame: Any) -> None:
    from antt_cli.cli.errors import Stopped

    name = signal.Signals(signum).name
    raise stopping.request(Stopped(128 + signum, name))


def _on_sigint(signum: int, frame: Any) -> None:
    raise stopping.request(KeyboardInterrupt())


def _input_error() -> type:
    from antt_cli.problems import InputError

    return InputError


def _app_for(args: list[str]) -> Any:
    """The app with only the top-level command named first on the command line (`antt assess …`):
    typer builds the click command of every command and group at each start (about 5 ms, a tenth of
    a one-file run), and one is run. Anything else (`antt --help`, a group, a mistyped name, shell
    completion) gets the whole app, so help and "no such command" read as ever."""
    if not args or any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ):  # _ANTT_COMPLETE
        return app
    for info in app.registered_commands:
        name = info.name or typer.main.get_command_name(info.callback.__name__ if info.callback else "")
        if name == args[0]:
            import copy

            one = copy.copy(app)
            one.registered_commands, one.registered_groups = [info], []
            return one
    return app


def run() -> None:
    """Console-script entry: every failure becomes an exit code and a message, never a traceback."""
    from antt_cli.cli.errors import WORDS, Stopped, UsageError

    _utf8_streams()
    lang = _lang_of(sys.argv[1:])
    previous: dict[int, Any] = {}
    try:
        for sig in ("SIGTERM", "SIGHUP"):
            if hasattr(signal, sig):
                previous[getattr(signal, sig)] = signal.signal(getattr(signal, sig), _on_signal)
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not when the caller ignores Ctrl-C
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread (an embedding program): leave signals alone
        previous = {}
    code = 0
    try:
        rv = _app_for(sys.argv[1:])(standalone_mode=False)
        code = rv if isinstance(rv, int) else 0
    except typer.Abort:  # Ctrl-C while the command line was being parsed or run
        print(f"\nantt: {WORDS('interrupted', lang, how='Ctrl-C')}", file=sys.stderr)
        code = 130
    except typer.TyperException as e:  # a usage error found while parsing: unknown option, bad value
        show = getattr(e, "show", None)
        if show is not None:
            show()
        else:  # pragma: no cover
            print(f"antt: {e}", file=sys.stderr)
        code = e.exit_code
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 2)
    except _input_error() as e:  # evaluated only when an exception gets this far: --help never imports it
        from antt_cli.cli.common import print_problems

        print_problems(e.problems, lang)
        code = 2
    except UsageError as e:
        print(f"antt: {e.message(lang)}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        print(f"\nantt: {WORDS('interrupted', lang, how='Ctrl-C')}", file=sys.stderr)
        code = 130
    except Stopped as e:
        print(f"antt: {WORDS('interrupted', lang, how=e.name)}", file=sys.stderr)
        code = e.code
    except BrokenPipeError:  # `antt … | head`: the reader has gone; nothing more to say
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - let the interpreter flush into nothing
        except OSError:  # pragma: no cover
            pass
        code = 141
    except Exception as e:  # pragma: no cover - defensive
        if os.environ.get("ANTT_DEBUG"):
            raise
        where = getattr(e, "filename", None)
        print(f"antt: {WORDS('internal-error', lang, detail=f'{type(e).__name__}: {e}', where=f' ({where})' if where else '')}",
              file=sys.stderr)
        code = 3
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        late, stopping.pending = stopping.pending, None
    stop = (late.code if isinstance(late, Stopped) else 130) if late is not None else None
    if stop is not None and code != stop:
        # the stop was asked for, but its exception was swallowed after the batch's last look
        # (raised inside a destructor or a library's clean-up) and the command ended as if nothing
        # had happened: it is still a stop, and says so
        how = late.name if isinstance(late, Stopped) else "Ctrl-C"
        print(f"\nantt: {WORDS('interrupted', lang, how=how)}", file=sys.stderr)
        code = stop
    sys.exit(code)
