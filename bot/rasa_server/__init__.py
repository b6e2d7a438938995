"""Code that runs inside the Rasa server (`rasa run`, `rasa shell`): the channels, the NLU
component, the tracker store and the patches to Rasa, installed by `patches.install()`."""
