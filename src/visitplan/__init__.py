"""visitplan: plans for municipal partnerships — agendas and calendar invites from TOML."""

__version__ = "0.1.0"
