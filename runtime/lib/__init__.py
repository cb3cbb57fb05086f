"""The builtin library, one module per area; importing it registers every builtin."""

# Core builtins: numbers, lists, strings, maps, predicates and output.
from . import numbers  # noqa: F401
from . import equality  # noqa: F401
from . import lists  # noqa: F401
from . import sequences  # noqa: F401
from . import strings  # noqa: F401
from . import chars  # noqa: F401
from . import maps  # noqa: F401
from . import predicates  # noqa: F401
from . import io  # noqa: F401
from . import promises  # noqa: F401

# Namespaced modules (string/, list/, map/...). They come last because some
# of their names are bound to the core builtins registered above.
from . import mod_bit  # noqa: E402,F401
from . import mod_char  # noqa: E402,F401
from . import mod_json  # noqa: E402,F401
from . import mod_list  # noqa: E402,F401
from . import mod_map  # noqa: E402,F401
from . import mod_math  # noqa: E402,F401
from . import mod_regex  # noqa: E402,F401
from . import mod_string  # noqa: E402,F401
from . import mod_base64  # noqa: E402,F401
from . import mod_csv  # noqa: E402,F401
from . import mod_file  # noqa: E402,F401
from . import mod_hash  # noqa: E402,F401
from . import mod_path  # noqa: E402,F401
from . import mod_sys  # noqa: E402,F401
from . import mod_time  # noqa: E402,F401
from . import mod_uuid  # noqa: E402,F401
from . import mod_text  # noqa: E402,F401
from . import mod_diff  # noqa: E402,F401
from . import mod_term  # noqa: E402,F401
from . import mod_array  # noqa: E402,F401
from . import mod_bytes  # noqa: E402,F401
from . import mod_context  # noqa: E402,F401
from . import mod_document  # noqa: E402,F401
from . import mod_gc  # noqa: E402,F401
from . import mod_mutable  # noqa: E402,F401
from . import mod_prompt  # noqa: E402,F401
from . import mod_read  # noqa: E402,F401
from . import mod_toml  # noqa: E402,F401
from . import mod_unavailable  # noqa: E402,F401
from . import mod_channel  # noqa: E402,F401
from . import mod_stream  # noqa: E402,F401
from . import mod_http  # noqa: E402,F401
from . import mod_secret  # noqa: E402,F401
