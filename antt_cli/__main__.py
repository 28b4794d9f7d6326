from antt_cli.cli.main import run

run()
