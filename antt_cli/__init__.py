"""antt — assess units against the "An toàn về an ninh, trật tự" standard.

The flow is four stages, one package each:

    antt_cli.criteria  load and check the criteria files (criteria/*.yaml)
    antt_cli.records   load unit records (YAML) into validated records
    antt_cli.engine    evaluate a record against the criteria → UnitResult
    antt_cli.report    render results (table, json)

The CLI (antt_cli.cli) is a thin layer over them. Importing this package
is cheap: nothing heavy is imported until used.
"""

__version__ = "0.1.0"
