"""The web application (Django): storage of domain objects, import, browse, dashboard and API.

``jixiao.web.settings`` is the settings module; ``jixiao serve`` runs it (see :mod:`jixiao.cli.serve`).
"""
