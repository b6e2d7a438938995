"""Components that run inside the Rasa server's NLU pipeline (named in config.yml)."""
