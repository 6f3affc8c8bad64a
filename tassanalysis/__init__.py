"""tassanalysis: computational news analysis for TASS and the outlets it is compared with."""

__version__ = "0.1.0"
