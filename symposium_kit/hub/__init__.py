"""The hand-in service for JupyterHub: its database, its web service and the notebook client.

``store`` keeps every hand-in in SQLite, ``service`` is the tornado app the hub
starts as a managed service (``symposium-kit hub-service``), ``client`` is what a
notebook calls (:func:`hand_in`, :func:`my_feedback`). Only ``service`` imports
JupyterHub and tornado.
"""
