"""The compiler pipeline: read, expand, analyse, generate, compile.

:func:`compile_source` turns Sema text into a Python ``ast.Module`` that
imports only :mod:`runtime` (and :mod:`semac.evaluate` when the program
uses ``eval`` or ``read``). :func:`compile_to_code` goes on to a code
object, and :func:`to_python_source` to readable Python via
``ast.unparse``.

A :class:`Session` carries what must persist across several compilations
into one namespace: the REPL's macros, the counter behind compiler-made
names, and the namespace macros run in.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import itertools
import sys
import warnings

from runtime import prelude
from runtime.names import RESERVED, mangle
from runtime.registry import BUILTINS
from runtime.values import Symbol

from . import ir, types
from .analysis import Analysis
from .codegen import CodeGen
from .errors import CompileError, InternalError, SemacError
from .expander import Expander, is_list, is_symbol, slist, sym
from .reader import read_string, strip_source
from .scope import Scope

# Register the derived forms, macros and match with the expander.
from . import derived, macros, match  # noqa: F401,E402

RESULT_NAME = "_semac_result"
VERSION = "0.1.0"


class Session:
    """State shared by the compilations that feed one namespace."""

    def __init__(self, namespace: dict | None = None) -> None:
        self.counter = itertools.count(1)
        self.macros: dict = {}
        self.namespace = namespace
        self.defined_globals: dict[str, int] = {}
        self.assigned_globals: set[str] = set()
        self.global_lambdas: dict = {}
        self.python_imports: set[str] = set()
        self.redefined_builtins: set[str] = set()
        # Globals that forms still to come define again or assign: not stable.
        self.redefined_globals: set[str] = set()
        self.macro_namespace: dict | None = namespace

    def fresh_name(self, base: str) -> str:
        return f"{base}__{next(self.counter)}"


class Compiler:
    """Compiles the forms of one source text."""

    def __init__(self, source: str, filename: str = "<string>", session: Session | None = None) -> None:
        self.source = source
        self.filename = filename
        self.session = session or Session()
        # Without a session the source is the whole module: no later form can call its functions.
        self.whole_program = session is None
        self.macros = self.session.macros
        self.python_imports: set[str] = self.session.python_imports
        self.referenced_globals: set[str] = set()
        self.defined_globals = dict(self.session.defined_globals)
        self.assigned_globals = set(self.session.assigned_globals)
        self.hoisted: list[ast.stmt] = []
        self.hoisted_names: dict = {}
        self.uses_eval = False
        # Loop variables whose maps contain only ints (see codegen.sole_owned), read by TypeContext.
        self.int_valued_maps: set = set()
        self.boolean_globals: set = set()  # stable global functions that return only #t or #f
        # Set by eval and by importing a file, which may redefine any builtin while the module runs.
        self.defines_at_run_time = False
        self.pending_compile_time: list = []
        self.current_line = 0
        self.current_column = 0
        self.global_lambdas: dict = dict(self.session.global_lambdas)

    # -- names ----------------------------------------------------------

    def fresh_name(self, base: str) -> str:
        return self.session.fresh_name(base)

    def note_global_reference(self, name: str) -> None:
        self.referenced_globals.add(name)

    def note_global_definition(self, name: str, value) -> None:
        self.defined_globals[name] = self.defined_globals.get(name, 0) + 1
        if isinstance(value, ir.Lambda):
            self.global_lambdas[name] = value

    def note_global_assignment(self, name: str) -> None:
        self.assigned_globals.add(name)

    def is_builtin(self, name: str) -> bool:
        """True when a call of ``name`` surely runs the builtin, so it may be compiled inline.

        A define of the name anywhere in the program makes it the user's.
        For the names in :data:`FIXED_BUILTINS`, as in the reference, that
        is all: a set! or an eval does not change what their calls do.
        """
        if name not in BUILTINS or name in self.defined_globals or name in self.session.redefined_builtins:
            return False
        if name in FIXED_BUILTINS:
            return True
        return not self.defines_at_run_time and name not in self.assigned_globals

    def rebound_builtin(self, name: str) -> bool:
        """True for a builtin in :data:`FIXED_BUILTINS` whose global a ``set!`` or an ``eval`` may rebind.

        Its calls still run the builtin, so they reach it through
        ``_rt.BUILTINS`` instead of the global name.
        """
        if name not in FIXED_BUILTINS or not self.is_builtin(name):
            return False
        return name in self.assigned_globals or name in self.session.redefined_globals or self.defines_at_run_time

    def is_known_global(self, name: str) -> bool:
        """True when ``name`` is a builtin or is defined by this module or session."""
        return (
            name in BUILTINS
            or name in self.defined_globals
            or name in self.assigned_globals
            or name in self.python_imports
        )

    def global_is_stable(self, name: str) -> bool:
        """True when ``name`` is defined once and never reassigned, so calls may bind to its lambda."""
        return (
            self.defined_globals.get(name, 0) == 1
            and name not in self.assigned_globals
            and name not in self.session.redefined_globals
            and not self.defines_at_run_time
        )

    def global_python_names(self) -> set[str]:
        names = {mangle(n) for n in self.referenced_globals}
        names.update(mangle(n) for n in self.defined_globals)
        names.update(mangle(n) for n in self.assigned_globals)
        names.update(RESERVED)
        return names

    def hoist(self, key, base: str, build) -> ast.Name:
        """Bind a constant once at module level and return a reference to it."""
        found = self.hoisted_names.get(key)
        if found is None:
            found = self.fresh_name(base)
            self.hoisted_names[key] = found
            value = build()
            self.hoisted.append(ast.Assign([ast.Name(found, ast.Store())], value))
        return ast.Name(found, ast.Load())

    # -- macros ---------------------------------------------------------

    def define_macro(self, name: str, macro, form) -> None:
        self.macros[name] = macro

    def apply_macro(self, macro, form, scope):
        return macro.expand(form, self.expander)

    def compile_time_function(self, lambda_form, name: str):
        """Compile ``lambda_form`` now and return the Python function it denotes."""
        namespace = self.macro_namespace()
        for pending in self.pending_compile_time:
            try:
                run_forms([pending], namespace, self.filename, self.source, Session(namespace))
            except Exception:
                # A helper that cannot run at compile time is simply not available to macros.
                pass
        self.pending_compile_time.clear()
        session = Session(namespace)
        session.macros = self.macros
        value = run_forms([lambda_form], namespace, self.filename, self.source, session)
        return value

    def macro_namespace(self) -> dict:
        if self.session.macro_namespace is None:
            namespace = new_namespace("semac.macros")
            self.session.macro_namespace = namespace
        return self.session.macro_namespace

    # -- imports --------------------------------------------------------

    def expand_import(self, expander: Expander, form, scope):
        """``(import mod)``, ``(import mod :as name)``, ``(import "file.scm")``."""
        if len(form) < 2:
            raise expander.error("import: expected a module name", form)
        target = form[1]
        if isinstance(target, str):
            expander.compiler.uses_eval = True
            expander.compiler.defines_at_run_time = True
            call = ir.Call(ir.RuntimeRef("%import_file"), [ir.RuntimeRef("%env"), ir.Const(target)])
            return expander.at(call, form)
        if not isinstance(target, Symbol):
            raise expander.error("import: expected a module name (a symbol) or a file name (a string)", form)
        module = target.name
        alias = module.split(".")[0]
        binds_top = True
        options = list(form[2:])
        while options:
            option = options.pop(0)
            if getattr(option, "name", None) == "as" and options:
                alias = options.pop(0).name
                binds_top = False
            else:
                raise expander.error(f"import: unknown option {strip_source(option)!r}; expected :as name", form)
        self.python_imports.add(alias)
        load = ir.Call(ir.RuntimeRef("import_module"), [ir.Const(module), ir.Const(binds_top)])
        node = ir.SetGlobal(alias, expander.at(load, form), is_definition=True)
        self.note_global_definition(alias, None)
        return expander.at(ir.Seq([expander.at(node, form), ir.Const(None)]), form)

    # -- the pipeline ---------------------------------------------------

    def expand_forms(self, forms: list) -> list:
        self.expander = Expander(self)
        scope = Scope(None, None)
        nodes = []
        for form in forms:
            self.current_line = getattr(form, "line", 0)
            self.current_column = getattr(form, "column", 0)
            node = self.expander.expand(form, scope)
            nodes.append(node)
            if is_list(form) and form and is_symbol(form[0], "define") and len(form) > 2 and is_list(form[1]):
                self.pending_compile_time.append(form)
        self.module_vars = self.expander.module_vars
        # The expander refers back to this compiler. Dropping it once expansion
        # is done lets reference counting free the source forms, which
        # otherwise wait for the cycle collector.
        self.expander = None
        return nodes

    def compile_forms(self, forms: list, with_result: bool = False) -> ast.Module:
        nodes = self.expand_forms(forms)
        lambdas = Analysis(self).run(nodes, self.module_vars)
        var_types = types.infer(self, nodes)
        types.boolean_globals(self, nodes, var_types)
        hypotheses = types.specialise(self, nodes, var_types, lambdas)
        generator = CodeGen(self, var_types, hypotheses)
        if with_result:
            body = generator.module_value(nodes, RESULT_NAME)
        else:
            body = generator.module_body(nodes)
        header = self.header()
        module = ast.Module(header + self.hoisted + body, [])
        fill_locations(module)
        return module

    def header(self) -> list:
        statements: list = [
            ast.ImportFrom("runtime", [ast.alias("support", "_rt")], 0),
        ]
        # In a session, a builtin already in the namespace stays as it is: an earlier form may have set! it.
        present = self.session.namespace or {}
        builtins = sorted(
            name
            for name in self.referenced_globals
            if name in BUILTINS and name not in self.defined_globals and mangle(name) not in present
        )
        if builtins:
            aliases = [ast.alias(mangle(name)) for name in builtins]
            statements.append(ast.ImportFrom("runtime.prelude", aliases, 0))
        # Emitted code names Python's int through this alias: Sema's own int
        # builtin may shadow the name int in the module.
        statements.append(
            ast.Assign([ast.Name("_semac_int", ast.Store())], ast.Attribute(ast.Name("_rt", ast.Load()), "INT", ast.Load()))
        )
        for alias, attribute in (("_semac_list", "LIST"), ("_semac_str", "STR"), ("_semac_map", "MAP"), ("_semac_len", "LEN"), ("_semac_abs", "ABS"), ("_semac_function", "FUNCTION"), ("_semac_references", "REFERENCES"), ("_semac_sole_reference", "SOLE_REFERENCE"), ("_semac_range", "RANGE")):
            statements.append(
                ast.Assign([ast.Name(alias, ast.Store())], ast.Attribute(ast.Name("_rt", ast.Load()), attribute, ast.Load()))
            )
        statements.append(
            ast.Assign(
                [ast.Name("_semac_env", ast.Store())],
                ast.Call(ast.Attribute(ast.Name("_rt", ast.Load()), "caller_globals", ast.Load()), [], []),
            )
        )
        if self.uses_eval:
            statements.append(
                ast.ImportFrom(
                    "semac.evaluate",
                    [
                        ast.alias("eval_in", "_semac_eval"),
                        ast.alias("read_value", "_semac_read"),
                        ast.alias("import_file", "_semac_import_file"),
                        ast.alias("macroexpand", "_semac_macroexpand"),
                    ],
                    0,
                )
            )
        for statement in statements:
            statement.lineno = 1
            statement.col_offset = 0
        return statements


def fill_locations(tree: ast.AST) -> None:
    """Give every node without a position its parent's, as ``ast.fix_missing_locations`` does.

    A node with ``lineno`` keeps its position, and its ``end_lineno`` and
    ``end_col_offset`` default to its start. Nodes are visited depth first,
    last child first, so a node shared by two parents takes the position of
    the parent whose copy is visited first. An explicit stack keeps deep
    trees off the Python call stack.
    """
    plans = _FILL_PLANS
    # Each entry is a node still to visit and the position it inherits.
    stack = [(tree, 1, 0)]
    pop = stack.pop
    push = stack.append
    while stack:
        node, line, column = pop()
        kind = type(node)
        plan = plans.get(kind)
        if plan is None:
            plan = _fill_plan(kind)
        positioned, fields = plan
        if positioned:
            # Position attributes are in the instance dict or missing, so the
            # dict is read and written directly, which is faster than getattr
            # and setattr.
            attributes = node.__dict__
            own_line = attributes.get("lineno")
            if own_line is None:
                attributes["lineno"] = line
                attributes["col_offset"] = column
            else:
                line = own_line
                column = attributes.get("col_offset", column) or 0
            if attributes.get("end_lineno") is None:
                attributes["end_lineno"] = line
                attributes["end_col_offset"] = column
        elif fields:
            attributes = node.__dict__
        else:
            continue
        for field in fields:
            value = attributes.get(field)
            if value is None:
                continue
            if isinstance(value, list):
                for child in value:
                    push((child, line, column))
            else:
                push((value, line, column))


#: Fields that never contain a node needing a position: names, flags, and the
#: context and operator nodes, which have no position attributes or fields.
_NO_POSITIONED_NODES = frozenset(
    {"ctx", "op", "ops", "id", "attr", "arg", "name", "asname", "module", "level", "conversion", "is_async", "simple", "kind", "type_comment", "tag"}
)

#: Node class -> (has position attributes, fields to visit); any other class -> (False, ()).
_FILL_PLANS: dict = {}


def _fill_plan(kind: type) -> tuple:
    if not issubclass(kind, ast.AST):
        plan = (False, ())
    elif kind is ast.Constant or kind is ast.MatchSingleton:
        plan = ("lineno" in kind._attributes, ())
    else:
        fields = tuple(field for field in kind._fields if field not in _NO_POSITIONED_NODES)
        plan = ("lineno" in kind._attributes, fields)
    _FILL_PLANS[kind] = plan
    return plan


#: Builtins whose calls the reference compiles as fixed operations. A set!
#: of one of these names, or an eval that defines it, leaves its calls
#: alone, and only a define in the program replaces it. A set! of any other
#: builtin changes what later calls inside function bodies do (checked
#: against sema-wasm 1.36.0).
#: NOTE: the reference keeps calls written at top level on the builtin even
#: then, while semac calls the new value there too.
FIXED_BUILTINS = frozenset(
    """car cdr cons null? length get + - * / < > <= >= = not modulo string-length string-append""".split()
)


def new_namespace(module_name: str = "__main__") -> dict:
    """Return a fresh module namespace in which compiled code can run."""
    namespace = {"__name__": module_name, "__builtins__": __builtins__}
    return namespace


@contextlib.contextmanager
def gc_paused():
    """Pause cyclic garbage collection while compiling.

    Compiling allocates many small objects that all live until the end, and
    so does Python's own conversion of an ``ast`` tree to bytecode: cyclic
    garbage collection would only rescan them again and again. With it on,
    ``compile()`` of the benchmark's 4,000-line module took 318 ms here,
    against 81 ms with it paused.

    The first allocation after the pause starts a collection of every
    object allocated during it that is still alive. Callers that go on to
    ``compile()`` should free the ``ast`` tree before the pause ends. For
    the same module on a 2-core machine, that collection took 45 to 65 ms
    with the tree alive and under 10 ms without it.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def compile_source(source: str, filename: str = "<string>", session: Session | None = None, with_result: bool = False) -> ast.Module:
    """Compile Sema ``source`` to a Python module AST; raises :class:`SemacError`."""
    with gc_paused():
        return _compile_source(source, filename, session, with_result)


def code_object(module: ast.Module, filename: str, optimize: int = -1):
    """Compile emitted ``module`` to bytecode."""
    with gc_paused(), warnings.catch_warnings():
        # Calling a constant, as in (5 1), is a run-time error in Sema, not a warning.
        warnings.simplefilter("ignore", SyntaxWarning)
        return compile(module, filename, "exec", dont_inherit=True, optimize=optimize)


def _compile_source(source: str, filename: str, session: Session | None, with_result: bool) -> ast.Module:
    forms = read_string(source, filename)
    compiler = Compiler(source, filename, session)
    try:
        module = compiler.compile_forms(forms, with_result=with_result)
    except SemacError:
        raise
    except RecursionError as exc:
        raise CompileError("program is nested too deeply to compile", filename, compiler.current_line or None, compiler.current_column or None, source) from exc
    except Exception as exc:
        raise InternalError(
            f"internal compiler error at {filename}:{compiler.current_line}:{compiler.current_column}: "
            f"{type(exc).__name__}: {exc}"
        ) from exc
    if session is not None:
        session.defined_globals.update(compiler.defined_globals)
        session.assigned_globals.update(compiler.assigned_globals)
        session.global_lambdas.update(compiler.global_lambdas)
    return module


def compile_to_code(
    source: str, filename: str = "<string>", session: Session | None = None, with_result: bool = False, optimize: int = -1
):
    # One pause for both steps, and the tree freed before it ends (see gc_paused).
    with gc_paused():
        module = compile_source(source, filename, session, with_result)
        try:
            return code_object(module, filename, optimize)
        except (SyntaxError, ValueError, TypeError) as exc:
            raise InternalError(f"generated Python for {filename} does not compile: {exc}") from exc
        finally:
            del module


def to_python_source(source: str, filename: str = "<string>") -> str:
    """Return readable Python source for a Sema program.

    Raises :class:`CompileError` when the program nests expressions too
    deeply for Python's parser to read back even after splitting them.
    """
    module = compile_source(source, filename)
    split_deep_expressions(module)
    text = ast.unparse(module)
    try:
        ast.parse(text)
    except (SyntaxError, RecursionError) as exc:
        message = (
            "the program nests forms more deeply than a Python source file allows "
            f"({exc.__class__.__name__}: {exc}); `semac run` and `import` still run the program"
        )
        raise CompileError(message, filename, None, None, source) from None
    return f"# Generated by semac {VERSION} from {filename}; edit the .scm file instead.\n{text}\n"


#: Python's tokenizer rejects more than 200 open brackets in one statement.
#: Each ast level opens at most one, so deeper expressions are split here.
MAX_SOURCE_DEPTH = 150
SPLIT_DEPTH = 100

#: Nodes that bind names their subexpressions may read: nothing under them moves.
SCOPES = (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def split_deep_expressions(tree: ast.AST) -> None:
    """Move expressions nested too deeply for a source file into helper functions.

    ``1 + (1 + (... (1 + x)))`` nested 300 times compiles from an ast but
    cannot be read back from text. The part below ``SPLIT_DEPTH`` becomes
    ``def _semac_deep_N(): return part`` right before the statement, called
    where the part was, so it runs at the same moment and reads the same
    variables. A part stays where it is when it sits inside a lambda or a
    comprehension, or assigns with ``:=`` a name read outside it, because
    a function would change what those names bind.
    """
    _Splitter(tree).run()


def _depth(node: ast.AST) -> int:
    """Return how many expression levels lie below ``node``, not counting nested statements."""
    deepest = 0
    stack = [(node, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > deepest:
            deepest = depth
        for child in ast.iter_child_nodes(item):
            if not isinstance(child, ast.stmt):
                stack.append((child, depth + 1))
    return deepest


def _subtree_depths(root: ast.AST) -> dict:
    """Map the id of every expression under ``root`` to the depth of its own subtree, in one pass."""
    depths: dict = {}
    stack = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = [child for child in ast.iter_child_nodes(node) if not isinstance(child, ast.stmt)]
        if children_done:
            depths[id(node)] = 1 + max((depths[id(child)] for child in children), default=-1)
            continue
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    return depths


class _Splitter:
    def __init__(self, tree: ast.AST) -> None:
        self.tree = tree
        self.counter = itertools.count(1)
        self.name_counts: dict | None = None  # every Name's occurrences in the tree, counted on first need

    def run(self) -> None:
        for node in ast.walk(self.tree):
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if isinstance(block, list) and block and isinstance(block[0], ast.stmt):
                    self.split_block(block)
            if isinstance(node, ast.Try):
                for handler in node.handlers:
                    self.split_block(handler.body)

    def split_block(self, block: list) -> None:
        index = 0
        while index < len(block):
            statement = block[index]
            part = None
            if _depth(statement) > MAX_SOURCE_DEPTH:
                part = self.deep_part(statement, SPLIT_DEPTH)
            if part is None:
                index += 1
                continue
            parent, field, position, expression = part
            name = f"_semac_deep_{next(self.counter)}"
            helper = ast.FunctionDef(name, ast.arguments([], [], None, [], [], None, []), [ast.Return(expression)], [], None)
            call = ast.Call(ast.Name(name, ast.Load()), [], [])
            if position is None:
                setattr(parent, field, call)
            else:
                getattr(parent, field)[position] = call
            ast.copy_location(helper, statement)
            ast.fix_missing_locations(helper)
            ast.copy_location(call, expression)
            self.split_block(helper.body)
            block.insert(index, helper)
            index += 1  # the statement itself is checked again

    def deep_part(self, statement: ast.stmt, target: int):
        """Find an expression ``target`` levels down whose subtree is deep: (parent, field, index, node)."""
        depths = _subtree_depths(statement)
        stack = [(statement, 0)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, SCOPES):
                continue
            for field, value in ast.iter_fields(node):
                children = value if isinstance(value, list) else [value]
                for position, child in enumerate(children):
                    if not isinstance(child, ast.expr):
                        continue
                    if depth + 1 >= target and depths[id(child)] > MAX_SOURCE_DEPTH - target and self.movable(child):
                        return node, field, position if isinstance(value, list) else None, child
                    stack.append((child, depth + 1))
        return None

    def movable(self, expression: ast.expr) -> bool:
        if isinstance(expression, ast.Starred):
            return False
        inside: dict = {}
        assigned = []
        for node in ast.walk(expression):
            if isinstance(node, SCOPES):
                return False
            if isinstance(node, ast.NamedExpr):
                assigned.append(node.target.id)
            elif isinstance(node, ast.Name):
                inside[node.id] = inside.get(node.id, 0) + 1
        if not assigned:
            return True
        if self.name_counts is None:
            self.name_counts = {}
            for node in ast.walk(self.tree):
                if isinstance(node, ast.Name):
                    self.name_counts[node.id] = self.name_counts.get(node.id, 0) + 1
        # Each := target must be read nowhere else, so that it can become the helper's own variable.
        return all(self.name_counts.get(name, 0) == inside.get(name, 0) for name in assigned)


def run_forms(forms: list, namespace: dict, filename: str, source: str, session: Session):
    """Compile ``forms`` into ``namespace``, run them and return the last value."""
    compiler = Compiler(source, filename, session)
    with gc_paused():
        module = compiler.compile_forms(forms, with_result=True)
        code = code_object(module, filename)
        del module
    session.defined_globals.update(compiler.defined_globals)
    session.assigned_globals.update(compiler.assigned_globals)
    session.global_lambdas.update(compiler.global_lambdas)
    exec(code, namespace)
    return namespace.pop(RESULT_NAME, None)


__all__ = [
    "Compiler",
    "Session",
    "compile_source",
    "compile_to_code",
    "new_namespace",
    "prelude",
    "run_forms",
    "slist",
    "sym",
    "sys",
]
