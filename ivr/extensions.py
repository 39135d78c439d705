"""Flask extensions, created once and bound to the app in create_app."""
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base for every table of the service."""


db = SQLAlchemy(model_class=Base)
