"""Baseline (a): a minimal Typer + rich app on the same versions, printing a 20-row table."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def table() -> None:
    """Print a table of 20 rows."""
    grid = Table("n", "name", "value")
    for n in range(20):
        grid.add_row(str(n), f"row {n}", f"{n * n}")
    Console().print(grid)


if __name__ == "__main__":
    app()
