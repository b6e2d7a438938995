"""Code both servers run: the content model, words and lemmas, the question in a long message,
input cleaning, redaction and the records editors read."""
