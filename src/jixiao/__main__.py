from jixiao.cli import app

app(prog_name="jixiao")
