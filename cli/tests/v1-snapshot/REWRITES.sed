# Error messages that list the valid keys or modes name the v1.1 additions.
# (sed script, applied to the recorded 0.1.0 answers before comparing.)
