# Error messages that list the valid keys or modes name the v1.1 additions.
# (sed script, applied to the recorded 0.1.0 answers before comparing.)
# The mode list has "browser-session" (protocol 1.1 section 11).
s/(expected \\"server\\", \\"browser\\" or \\"audit\\")/(expected \\"server\\", \\"browser\\", \\"browser-session\\" or \\"audit\\")/g
s/mode: required, one of \\"server\\", \\"browser\\", \\"audit\\"/mode: required, one of \\"server\\", \\"browser\\", \\"browser-session\\", \\"audit\\"/g
# A browser request knows "redirect" (protocol 1.1 section 10).
s/(expected origin, url, method, headers, credentials, private_network)/(expected origin, url, method, headers, credentials, private_network, redirect)/g
