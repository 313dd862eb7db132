"""Where caseapp keeps its data by default: the user's data folder (XDG on Linux,
%APPDATA% on Windows, Application Support on macOS)."""

from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "caseapp"
DEFAULT_DB_NAME = "caseapp.db"


def default_data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return default_data_dir() / DEFAULT_DB_NAME
