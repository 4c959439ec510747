"""What the hooks share: plain modules, none of them a hook.

Every other .py file in overrides/hooks/ is a hook, listed in mkdocs.yml, and
no hook imports another. MkDocs loads each hook by its path, with this folder
on sys.path while it does, so a hook's `from lib.fences import ...` finds this
package; Python then keeps the one copy in sys.modules, which every later
hook, and scripts/render_diagrams.py, use (tests/test_hook_modules.py checks
that each module is loaded once per build). The order in which the hooks'
events run is written once, in lib/order.py.
"""
