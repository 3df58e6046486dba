"""A developer's or a single machine's run (`make run`): DEBUG from the environment, a dev key."""

from config.env import env

from .base import *  # noqa: F403
from .base import DEBUG

if not env("SECRET_KEY", default="") and DEBUG:
    SECRET_KEY = "dev-only-insecure-key-never-in-production"
