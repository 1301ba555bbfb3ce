"""Words that cannot go missing: every key the code asks ``words(area)`` for is in ``retention/words/<area>.toml``.

A static reading (ast) of every module of ``retention/``, ``ui/``, ``pages/`` and ``app.py`` follows values from a
``words("area")`` call through constant subscripts and ``.get("key")``, the names they are bound to, functions and
methods that return them (``_text()``) or take keys as arguments (``phrase("file", "too_big", size=...)``, also
through ``**values`` and f-string keys), loops over constants and ``a if c else b``. Each fixed key path must exist,
each ``.format(...)`` must fill every placeholder of its template and pass no keyword it lacks, every key of every
words file must be read, and the core never reads the words of a page. Keys known only at run time
(``words("metrics")[self.key]["label"]``) are checked against their known sets below.
"""

import ast
import itertools
import string
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from retention.btyd.customer_summary import TIME_UNIT_DAYS
from retention.btyd.forecast import CUSTOMER_COLUMNS, FORECAST_STEPS
from retention.btyd.risk import BANDS
from retention.charts.common import KIND_COLOURS
from retention.charts.comparison import KIND_COLOURS as COMPARISON_KINDS
from retention.exports.tables import METRIC_COLUMNS, inputs_table, projection_csv
from retention.fields import FIELDS, FIELDS_BY_NAME, GROUPS, PERIODS
from retention.io.readers import PERIOD_TABLE_COLUMNS, TRANSACTION_COLUMNS
from retention.links import LINK_KEYS, SCENARIO_KEYS
from retention.metrics.benchmarks import BUSINESS_TYPES, benchmarks
from retention.metrics.registry import METRIC_KEYS, METRICS
from retention.orders.cells import FREQUENCIES
from retention.whatif import LEVERS, OUTCOME_FIGURES
from retention.words import WORDS_DIR, MissingWords, Words, is_plural, words

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("retention", "ui", "pages", "app.py")
#: Words files of the Streamlit pages and their ui/ helpers; the core in retention/ reads none of them.
PAGE_AREAS = {"app", "forecast_page", "your_data"}
#: A key known only at run time.
WILD = "*"


# --- the static reading ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """A parameter of the function being read: filled in from each call of it."""

    name: str


@dataclass(frozen=True)
class Pattern:
    """A key made of text and parameters: ``f"{key}_one"``."""

    parts: tuple


@dataclass(frozen=True)
class Strs:
    """A string with these possible values (texts, or a Param or Pattern in a function being read)."""

    values: frozenset


@dataclass(frozen=True)
class Seq:
    """A tuple or list literal."""

    items: tuple


@dataclass(frozen=True)
class Table:
    """A dict literal with string keys: (key, value) pairs."""

    items: tuple

    def at(self, key):
        """The value of these keys (of any key when not known)."""
        keys = key.values if isinstance(key, Strs) else {name for name, _ in self.items}
        return _join([value for name, value in self.items if name in keys])


@dataclass(frozen=True)
class Ref:
    """A place in the words: (area or Param, key path) pairs, the path of str, Param or WILD."""

    places: frozenset


@dataclass(frozen=True)
class Kwargs:
    """The keywords a call passes on through ``**values``: named ones, whether unknown ones come too, and the
    caller's own ``**`` parameter when it passes that on."""

    keywords: frozenset = frozenset()
    star: bool = False
    forward: str | None = None


@dataclass(frozen=True)
class FuncRef:
    module: str
    name: str


@dataclass(frozen=True)
class ModuleRef:
    module: str


@dataclass(frozen=True)
class ClassRef:
    module: str
    name: str


@dataclass(frozen=True)
class Instance:
    """An object of a class of the modules read: its methods can be followed."""

    module: str
    name: str


WORDS_FUNCTION = object()
#: ``plural(message, count)``: the message itself, one of its forms.
PLURAL_FUNCTION = object()
#: Built-in functions whose result is iterated like their arguments: each gets what a loop over each argument gives.
ITERATING = {
    "zip": lambda items: Seq((Seq(tuple(items)),)),
    "enumerate": lambda items: Seq((Seq((None, *items[:1])),)),
    **{name: lambda items: Seq(tuple(items[:1])) for name in ("list", "tuple", "sorted", "reversed", "set")},
}


@dataclass(frozen=True)
class Read:
    """Where the code asks for a key path (WILD for keys known at run time)."""

    file: str
    line: int
    area: str
    path: tuple
    via: str = ""


@dataclass(frozen=True)
class Format:
    """A ``.format(...)`` call on a template: the keywords it passes, whether it passes ``**something``, the
    keywords written where the template is known (a helper may pass one set to several templates), and the paths of
    all templates the call may fill (``a if c else b``)."""

    file: str
    line: int
    area: str
    path: tuple
    keywords: frozenset
    star: bool
    checked: frozenset
    siblings: frozenset
    via: str = ""


@dataclass
class Summary:
    """What a function does with words: what it returns, and the reads, escapes and formats that depend on its
    parameters (to fill in at each call)."""

    node: ast.FunctionDef
    where: tuple  # (module, name)
    returns: object = None
    reads: list = field(default_factory=list)
    escapes: list = field(default_factory=list)
    formats: list = field(default_factory=list)
    defaults: dict = field(default_factory=dict)


def _options(value) -> list:
    """The keys a value used as a key may be: texts, Params and Patterns, or WILD."""
    if isinstance(value, Strs):
        return list(value.values)
    return [value] if isinstance(value, Param | Pattern) else [WILD]


def _keys(value) -> list:
    """The keys a subscript with this value asks for ("" is how code says "none": it is never a key)."""
    return [option for option in _options(value) if option != ""] or [WILD]


def _key(parts: tuple):
    """The key from its parts: a text when all parts are texts, WILD when one is None (unknown), else a Pattern."""
    if None in parts:
        return WILD
    merged = []
    for piece in (inner for part in parts for inner in (part.parts if isinstance(part, Pattern) else (part,))):
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    if not merged or merged == [""]:
        return ""
    return merged[0] if len(merged) == 1 and not isinstance(merged[0], Pattern) else Pattern(tuple(merged))


def _join(values):
    """One value for several possible ones (branches, loop items), or None when they do not agree in kind."""
    values = list(values)
    if any(isinstance(value, Strs) for value in values) and all(isinstance(value, Strs | Param) for value in values):
        return Strs(frozenset(option for value in values for option in _options(value)))
    if values and all(isinstance(value, Ref) for value in values):
        return Ref(frozenset().union(*(value.places for value in values)))
    if values and all(isinstance(value, Seq) and len(value.items) == len(values[0].items) for value in values):
        return Seq(tuple(_join(items) for items in zip(*(value.items for value in values), strict=True)))
    return None


def _parametric(root, path) -> bool:
    return isinstance(root, Param) or any(isinstance(key, Param | Pattern) for key in path)


class Analyser:
    """Reads modules {dotted name: source} and collects ``reads``, ``escapes`` (tables used as a whole) and
    ``formats`` of the words."""

    def __init__(self, sources: dict[str, tuple[str, str]]):
        self.sources = sources  # dotted name: (file name, source)
        self.trees, self.functions, self.envs = {}, {}, {}
        self.summaries: dict[tuple[str, str], Summary | None] = {}
        self.reads, self.escapes, self.formats = set(), set(), set()
        self.module = self.file = None
        self.scopes: list[dict] = []
        self.summary: Summary | None = None
        self.guards: list[set] = []  # parameters that ``if`` tests around the code being read look at
        self.narrowed: dict[str, Strs] = {}  # expressions an ``if x in ("a", "b")`` around it holds to strings
        self.quiet = False  # reading an expression a second time: record nothing
        for module in sources:
            self._load(module)
        for module in sources:
            for name in list(self.functions[module]):
                self._summary(module, name)
            for node in ast.walk(self.trees[module]):
                if isinstance(node, ast.ClassDef) and node not in self.trees[module].body:
                    self._in_module(module, lambda node=node: self._class_methods(node))

    # modules and functions

    def _load(self, module: str) -> None:
        if module in self.trees:
            return
        file, source = self.sources[module]
        tree = self.trees[module] = ast.parse(source, file)
        functions = self.functions[module] = {}
        self.envs[module] = {}
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                functions[node.name] = node
                self.envs[module][node.name] = FuncRef(module, node.name)
            elif isinstance(node, ast.ClassDef):
                self.envs[module][node.name] = ClassRef(module, node.name)
                functions.update({f"{node.name}.{item.name}": item for item in node.body
                                  if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)})
        self._in_module(module, lambda: self._block(tree.body))

    def _in_module(self, module: str, work, summary: Summary | None = None, scope: dict | None = None):
        saved = self.module, self.file, self.scopes, self.summary, self.guards, self.narrowed, self.quiet
        self.module, self.file = module, self.sources[module][0]
        self.scopes = [self.envs[module]] + ([scope] if scope is not None else [])
        self.summary, self.guards, self.narrowed, self.quiet = summary, [], {}, False
        try:
            return work()
        finally:
            self.module, self.file, self.scopes, self.summary, self.guards, self.narrowed, self.quiet = saved

    def _summary(self, module: str, name: str) -> Summary | None:
        """What the module-level function or method does with words (read once; None while it is being read)."""
        if (module, name) in self.summaries:
            return self.summaries[module, name]
        self._load(module)
        node = self.functions[module][name]
        self.summaries[module, name] = None
        summary = Summary(node, (module, name))
        scope = {}
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        for arg in [*positional, *args.kwonlyargs]:
            kind = self.envs[module].get(arg.annotation.id) if isinstance(arg.annotation, ast.Name) else None
            scope[arg.arg] = Instance(kind.module, kind.name) if isinstance(kind, ClassRef) else Param(arg.arg)
        if args.vararg:
            scope[args.vararg.arg] = None
        if args.kwarg:
            scope[args.kwarg.arg] = Param(args.kwarg.arg)
        if (bound := self._bound(module, name)) is not None:
            scope[positional[0].arg] = bound

        def read():
            defaults = [*[None] * (len(positional) - len(args.defaults)), *args.defaults, *args.kw_defaults]
            for arg, default in zip([*positional, *args.kwonlyargs], defaults, strict=True):
                if default is not None:
                    summary.defaults[arg.arg] = self._eval(default)
            self._block(node.body)

        self._in_module(module, read, summary, scope)
        self.summaries[module, name] = summary
        return summary

    def _bound(self, module: str, name: str):
        """What a method's first parameter is: an Instance of its class, the class, or None for a function."""
        if "." not in name:
            return None
        decorators = {getattr(item, "id", None) for item in self.functions[module][name].decorator_list}
        owner = name.partition(".")[0]
        if "staticmethod" in decorators:
            return None
        return ClassRef(module, owner) if "classmethod" in decorators else Instance(module, owner)

    def _class_methods(self, node: ast.ClassDef) -> None:
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                self._nested(item)

    def _resolve(self, value, seen=()):
        """A FuncRef to a module-level function, following re-exports; else None."""
        value = self._imported(value, seen)
        return value if isinstance(value, FuncRef) and value.module in self.sources else None

    def _imported(self, value, seen=()):
        """What an imported name is in its module: a FuncRef to a function there, or the value of its name."""
        if not isinstance(value, FuncRef) or value in seen or value.module not in self.sources:
            return value
        self._load(value.module)
        if value.name in self.functions[value.module]:
            return value
        return self._imported(self.envs[value.module].get(value.name), (*seen, value))

    # recording

    def _unguarded(self, path: tuple) -> tuple:
        """The path with the parameters an ``if`` around it tests as WILD: ``if name in FIELDS: fields[name]`` holds
        only for some names, so no single call's name is checked there."""
        guarded = set().union(*self.guards)
        parts = {key: key.parts if isinstance(key, Pattern) else (key,) for key in path}
        return tuple(WILD if any(isinstance(part, Param) and part.name in guarded for part in parts[key]) else key
                     for key in path)

    def _record(self, kind: str, line: int, root, path, via: str = "") -> None:
        if self.quiet:
            return
        path = self._unguarded(path)
        if _parametric(root, path):
            if self.summary is not None:
                (self.summary.reads if kind == "read" else self.summary.escapes).append((line, root, path))
        elif isinstance(root, str):
            (self.reads if kind == "read" else self.escapes).add(Read(self.file, line, root, path, via))

    def _escape(self, value, line: int) -> None:
        """A value used as a whole (iterated, passed on, stored): every key under it counts as read."""
        if isinstance(value, Param):
            value = Ref(frozenset({(value, ())}))
        if isinstance(value, Ref):
            for root, path in value.places:
                self._record("escape", line, root, path)
        elif isinstance(value, Seq | Table):
            for item in value.items:
                self._escape(item[1] if isinstance(value, Table) else item, line)
        elif isinstance(value, FuncRef) and (target := self._resolve(value)):
            summary = self._summary(target.module, target.name)
            if summary is not None:
                self._escape(self._fill(summary.returns, {}), line)

    def _format(self, line: int, places, keywords: frozenset, checked: frozenset, star: bool, forward: str | None,
                via: str = ""):
        if self.quiet:
            return
        places = {(root, self._unguarded(path)) for root, path in places}
        if forward is not None or any(_parametric(*place) for place in places):
            if self.summary is not None:
                self.summary.formats.append((line, places, keywords, checked, star, forward))
            return
        siblings = frozenset(path for _, path in places)
        for root, path in places:
            if isinstance(root, str):
                self.formats.add(Format(self.file, line, root, path, keywords, star, checked, siblings, via))

    # statements

    def _block(self, statements) -> None:
        depth = len(self.guards)
        for statement in statements:
            self._statement(statement)
            if isinstance(statement, ast.If) and isinstance(statement.body[-1], ast.Return | ast.Raise):
                self.guards.append(self._tested(statement.test))  # the rest runs only when the test failed
        del self.guards[depth:]

    def _narrowing(self, test) -> dict[str, Strs]:
        """``x in ("a", "b")`` or ``x == "a"``: x is one of these strings where the test holds."""
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.In | ast.Eq)
                and isinstance(test.left, ast.Name | ast.Attribute)):
            return {}
        values = self._quiet(test.comparators[0])
        if isinstance(test.ops[0], ast.In):
            values = _join(values.items) if isinstance(values, Seq) else None
        return {ast.dump(test.left): values} if isinstance(values, Strs) else {}

    def _quiet(self, node):
        """The value of an expression already read (its reads are not recorded again)."""
        saved, self.quiet = self.quiet, True
        try:
            return self._eval(node)
        finally:
            self.quiet = saved

    def _tested(self, test) -> set:
        return {node.id for node in ast.walk(test) if isinstance(node, ast.Name)
                and isinstance(self._lookup(node.id), Param)}

    def _guarded(self, test, work):
        self.guards.append(self._tested(test))
        try:
            return work()
        finally:
            self.guards.pop()

    def _statement(self, node) -> None:
        match node:
            case ast.Assign():
                value = self._eval(node.value)
                for target in node.targets:
                    self._bind(target, value, node.lineno)
            case ast.AnnAssign(value=value) if value is not None:
                self._bind(node.target, self._eval(value), node.lineno)
            case ast.AugAssign():
                self._escape(self._eval(node.value), node.lineno)
                self._bind(node.target, None, node.lineno)
            case ast.For() | ast.AsyncFor():
                self._bind(node.target, self._items(self._eval(node.iter), node.lineno), node.lineno)
                self._block(node.body)
                self._block(node.orelse)
            case ast.FunctionDef() | ast.AsyncFunctionDef():
                for decorator in node.decorator_list:
                    self._escape(self._eval(decorator), node.lineno)
                if self.summary is not None or len(self.scopes) > 1:
                    self._nested(node)
            case ast.ClassDef():
                for base in node.bases:
                    self._eval(base)
                self.scopes.append({})
                try:
                    self._block([item for item in node.body if not isinstance(item, ast.FunctionDef)])
                finally:
                    self.scopes.pop()
            case ast.Return(value=value) if value is not None:
                returned = self._eval(value)
                if self.summary is not None and len(self.scopes) == 2:
                    self.summary.returns = returned if self.summary.returns is None else _join(
                        [self.summary.returns, returned])
                if self.summary is None or len(self.scopes) > 2 or "." in self.summary.where[1]:
                    self._escape(returned, node.lineno)  # a method may be called where this reading cannot follow
            case ast.ImportFrom(module=module) if module:
                for alias in node.names:
                    name = alias.asname or alias.name
                    if module == "retention.words" and alias.name == "words":
                        self.scopes[-1][name] = WORDS_FUNCTION
                    elif module == "retention.words" and alias.name == "plural":
                        self.scopes[-1][name] = PLURAL_FUNCTION
                    else:
                        self.scopes[-1][name] = FuncRef(module, alias.name)
            case ast.Import():
                for alias in node.names:
                    if alias.asname:
                        self.scopes[-1][alias.asname] = ModuleRef(alias.name)
            case ast.If() | ast.While():
                self._escape(self._eval(node.test), node.lineno)
                narrowed = self._narrowing(node.test)
                saved = self.narrowed
                self.narrowed = {**saved, **narrowed}
                self._guarded(node.test, lambda: self._block(node.body))
                self.narrowed = saved
                self._guarded(node.test, lambda: self._block(node.orelse))
            case ast.ExceptHandler(name=name) if name:
                self.scopes[-1][name] = None
                self._block(node.body)
            case _:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.expr):
                        self._escape(self._eval(child), node.lineno)
                    elif isinstance(child, ast.withitem):
                        self._escape(self._eval(child.context_expr), node.lineno)
                        if child.optional_vars is not None:
                            self._bind(child.optional_vars, None, node.lineno)
                    else:
                        self._statement(child)

    def _nested(self, node) -> None:
        """A function inside a function (it sees the names around it), or a method: its parameters are unknown."""
        scope = {arg.arg: None for arg in ast.walk(node.args) if isinstance(arg, ast.arg)}
        self.scopes.append(scope)
        try:
            self._block(node.body)
        finally:
            self.scopes.pop()

    def _bind(self, target, value, line: int) -> None:
        if isinstance(target, ast.Name):
            self.scopes[-1][target.id] = value
        elif isinstance(target, ast.Tuple | ast.List):
            items = value.items if isinstance(value, Seq) and len(value.items) == len(target.elts) else None
            if items is None:
                self._escape(value, line)
            for position, element in enumerate(target.elts):
                self._bind(element, items[position] if items else None, line)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, None, line)
        else:  # an attribute or item: the value is stored somewhere this reading does not follow
            self._escape(value, line)
            self._escape(self._eval(target), line)

    def _items(self, iterable, line: int):
        """What a loop over the value gives: the join of a literal's items, else unknown."""
        if isinstance(iterable, Seq):
            return _join(iterable.items)
        if isinstance(iterable, Table):
            return Strs(frozenset(name for name, _ in iterable.items))
        self._escape(iterable, line)
        return None

    def _lookup(self, name: str):
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    # expressions

    def _eval(self, node):
        match node:
            case ast.Constant(value=str() as text):
                return Strs(frozenset({text}))
            case ast.Constant():
                return None
            case ast.JoinedStr():
                parts = []
                for value in node.values:
                    if isinstance(value, ast.Constant):
                        parts.append([value.value])
                        continue
                    inner = self._eval(value.value)
                    if value.format_spec is not None:
                        self._eval(value.format_spec)
                    if isinstance(inner, Strs | Param) and value.format_spec is None and value.conversion == -1:
                        parts.append(_options(inner))
                    else:
                        self._escape(inner, node.lineno)
                        parts.append(None)
                if None in parts:
                    return None
                return Strs(frozenset(_key(combination) for combination in itertools.product(*parts)))
            case ast.Name() | ast.Attribute() if ast.dump(node) in self.narrowed:
                return self.narrowed[ast.dump(node)]
            case ast.Name():
                return self._imported(self._lookup(node.id))
            case ast.Tuple() | ast.List():
                return Seq(tuple(self._eval(element) for element in node.elts))
            case ast.Dict() if all(isinstance(key, ast.Constant) and isinstance(key.value, str) for key in node.keys):
                return Table(tuple((key.value, self._eval(value)) for key, value in zip(node.keys, node.values,
                                                                                       strict=True)))
            case ast.Starred():
                self._escape(self._eval(node.value), node.lineno)
                return None
            case ast.IfExp():
                self._escape(self._eval(node.test), node.lineno)
                return self._guarded(node.test, lambda: _join([self._eval(node.body), self._eval(node.orelse)]))
            case ast.BoolOp():
                return _join([self._eval(value) for value in node.values])
            case ast.BinOp(op=ast.Add()):
                left, right = self._eval(node.left), self._eval(node.right)
                if isinstance(left, Strs) and isinstance(right, Strs):
                    return Strs(frozenset(_key((a, b)) for a in left.values for b in right.values))
                self._escape(left, node.lineno)
                self._escape(right, node.lineno)
                return None
            case ast.Subscript():
                return self._subscript(self._eval(node.value), self._eval(node.slice), node.lineno)
            case ast.Attribute():
                base = self._eval(node.value)
                if isinstance(base, ModuleRef):
                    return FuncRef(base.module, node.attr)
                self._escape(base, node.lineno)
                return None
            case ast.Call():
                return self._call(node)
            case ast.NamedExpr():
                value = self._eval(node.value)
                self._bind(node.target, value, node.lineno)
                return value
            case ast.Lambda():
                self.scopes.append({arg.arg: None for arg in ast.walk(node.args) if isinstance(arg, ast.arg)})
                try:
                    self._escape(self._eval(node.body), node.lineno)
                finally:
                    self.scopes.pop()
                return None
            case ast.ListComp() | ast.SetComp() | ast.GeneratorExp() | ast.DictComp():
                self.scopes.append({})
                try:
                    for generator in node.generators:
                        self._bind(generator.target, self._items(self._eval(generator.iter), node.lineno),
                                   node.lineno)
                        for condition in generator.ifs:
                            self._escape(self._eval(condition), node.lineno)
                    for part in (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,):
                        self._escape(self._eval(part), node.lineno)
                finally:
                    self.scopes.pop()
                return None
            case _:
                for child in ast.iter_child_nodes(node):
                    if isinstance(child, ast.expr):
                        self._escape(self._eval(child), getattr(child, "lineno", 0))
                    elif isinstance(child, ast.keyword):
                        self._escape(self._eval(child.value), child.value.lineno)
                return None

    def _subscript(self, base, key, line: int):
        if isinstance(base, Table):
            self._escape(key, line)
            return base.at(key)
        if isinstance(base, Param):
            base = Ref(frozenset({(base, ())}))
        if not isinstance(base, Ref):
            self._escape(base, line)
            self._escape(key, line)
            return None
        keys = _keys(key)
        self._escape(key if not isinstance(key, Strs | Param) else None, line)
        places = {(root, (*path, each)) for root, path in base.places for each in keys}
        for root, path in places:
            self._record("read", line, root, path)
        return Ref(frozenset(places))

    def _call(self, node: ast.Call):
        line = node.lineno
        if isinstance(node.func, ast.Attribute):
            base = self._eval(node.func.value)
            if isinstance(base, Param | Ref) and node.func.attr in ("get", "format"):
                return self._words_method(base, node)
            if isinstance(base, Table) and node.func.attr in ("get", "items", "keys", "values"):
                return self._table_method(base, node)
            callee = FuncRef(base.module, node.func.attr) if isinstance(base, ModuleRef) else None
            if isinstance(base, Instance | ClassRef):
                callee = FuncRef(base.module, f"{base.name}.{node.func.attr}")
            if callee is None:
                self._escape(base, line)
        else:
            callee = self._eval(node.func)
        args = [self._eval(arg) for arg in node.args]
        keywords = {keyword.arg: self._eval(keyword.value) for keyword in node.keywords if keyword.arg}
        spread = [self._eval(keyword.value) for keyword in node.keywords if keyword.arg is None]
        if callee is None and isinstance(node.func, ast.Name) and node.func.id in ITERATING:
            return ITERATING[node.func.id]([self._items(arg, line) for arg in args])
        if callee is WORDS_FUNCTION and args and isinstance(args[0], Strs):
            return Ref(frozenset({(area, ()) for area in args[0].values if isinstance(area, str)}))
        if callee is PLURAL_FUNCTION and args:
            return args[0]
        if isinstance(callee, ClassRef):
            self._call_function(FuncRef(callee.module, f"{callee.name}.__init__"), args, keywords, spread, line)
            return Instance(callee.module, callee.name)
        return self._call_function(callee, args, keywords, spread, line)

    def _call_function(self, callee, args, keywords, spread, line: int):
        target = self._resolve(callee)
        summary = self._summary(target.module, target.name) if target else None
        if summary is None:
            for value in [*args, *keywords.values(), *spread]:
                self._escape(value, line)
            return None
        return self._instantiate(summary, target.name, args, keywords, spread, line)

    def _table_method(self, table: Table, node: ast.Call):
        args = [self._eval(arg) for arg in node.args]
        if node.func.attr == "get":
            return _join([table.at(args[0]), *args[1:2]]) if isinstance(args[0], Strs) else None
        parts = {"keys": lambda name, value: Strs(frozenset({name})), "values": lambda name, value: value,
                 "items": lambda name, value: Seq((Strs(frozenset({name})), value))}[node.func.attr]
        return Seq(tuple(parts(name, value) for name, value in table.items))

    def _words_method(self, base, node: ast.Call):
        """``table.get("key")`` reads the key; ``template.format(...)`` fills the template."""
        line = node.lineno
        if isinstance(base, Param):
            base = Ref(frozenset({(base, ())}))
        args = [self._eval(arg) for arg in node.args]
        keywords = {keyword.arg: self._eval(keyword.value) for keyword in node.keywords if keyword.arg}
        spread = [self._eval(keyword.value) for keyword in node.keywords if keyword.arg is None]
        for value in [*args[1:], *keywords.values()]:
            self._escape(value, line)
        if node.func.attr == "get":
            return self._subscript(base, args[0] if args else None, line)
        forward = next((value.name for value in spread if isinstance(value, Param)), None)
        star = any(not isinstance(value, Param) for value in spread) or bool(args)
        for value in spread:
            if not isinstance(value, Param):
                self._escape(value, line)
        known = not any(_parametric(root, self._unguarded(path)) for root, path in base.places)
        self._format(line, base.places, frozenset(keywords), frozenset(keywords) if known else frozenset(), star,
                     forward)
        return None

    def _instantiate(self, summary: Summary, name: str, args, keywords, spread, line: int):
        """The call of a module-level function: its parametric reads and formats with this call's arguments."""
        parameters = summary.node.args
        positional = [arg.arg for arg in [*parameters.posonlyargs, *parameters.args]]
        if self._bound(*summary.where) is not None:
            positional = positional[1:]
        named = {*positional, *(arg.arg for arg in parameters.kwonlyargs)}
        binding = dict(summary.defaults)
        binding.update(zip(positional, args, strict=False))
        for value in args[len(positional):]:
            self._escape(value, line)
        binding.update({key: value for key, value in keywords.items() if key in named})
        if parameters.kwarg:
            passed = Kwargs(frozenset(key for key in keywords if key not in named),
                            any(not isinstance(value, Param) for value in spread),
                            next((value.name for value in spread if isinstance(value, Param)), None))
            binding[parameters.kwarg.arg] = passed
        for kind, entries in (("read", summary.reads), ("escape", summary.escapes)):
            for _, root, path in entries:
                for place in self._fill_place(root, path, binding):
                    self._record(kind, line, *place, via=name if kind == "read" else "")
        for _, places, own, checked, star, forward in summary.formats:
            passed = binding.get(forward) if forward else Kwargs()
            passed = passed if isinstance(passed, Kwargs) else Kwargs(star=True)
            filled = {place for root, path in places for place in self._fill_place(root, path, binding)}
            if not any(_parametric(root, self._unguarded(path)) for root, path in filled):
                checked |= passed.keywords
            self._format(line, filled, own | passed.keywords, checked, star or passed.star, passed.forward, via=name)
        return self._fill(summary.returns, binding)

    def _fill(self, value, binding: dict):
        if isinstance(value, Ref):
            places = {place for root, path in value.places for place in self._fill_place(root, path, binding)}
            return Ref(frozenset(places)) if places else None
        if isinstance(value, Param):
            return binding.get(value.name)
        if isinstance(value, Seq):
            return Seq(tuple(self._fill(item, binding) for item in value.items))
        if isinstance(value, Strs):
            keys = {filled for key in value.values for filled in self._fill_key(key, binding)}
            return None if WILD in keys else Strs(frozenset(keys))
        return None

    @staticmethod
    def _fill_key(key, binding: dict) -> list:
        """The keys a key of a function being read stands for with these arguments."""
        if isinstance(key, Param):
            return _keys(binding.get(key.name))
        if isinstance(key, Pattern):
            parts = [[part] if isinstance(part, str) else [None if option == WILD else option for option in
                                                           _options(binding.get(part.name))] for part in key.parts]
            return [_key(combination) for combination in itertools.product(*parts)]
        return [key]

    @staticmethod
    def _fill_place(root, path, binding: dict):
        """The places a parametric (root, path) stands for with these arguments."""
        if isinstance(root, Param):
            value = binding.get(root.name)
            if isinstance(value, Param):
                starts = [(value, ())]
            elif isinstance(value, Ref):
                starts = list(value.places)
            else:
                return []
        else:
            starts = [(root, ())]
        options = [Analyser._fill_key(key, binding) for key in path]
        return [(start, (*prefix, *keys)) for start, prefix in starts for keys in itertools.product(*options)]


def analyse(sources: dict[str, str]) -> Analyser:
    """The analyser run on {file name: source}; modules are named from the file names."""
    modules = {}
    for file, source in sources.items():
        module = file.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
        modules[module] = (file, source)
    return Analyser(modules)


def project_sources() -> dict[str, str]:
    files = [path for name in SOURCES for path in ([ROOT / name] if name.endswith(".py")
                                                   else sorted((ROOT / name).rglob("*.py")))]
    return {path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8") for path in files}


# --- checking what was found ------------------------------------------------------------------------------------


def _toml(area: str) -> str:
    return (WORDS_DIR / f"{area}.toml").relative_to(ROOT).as_posix()


def _where(found: Read | Format) -> str:
    return f"{found.file}:{found.line}" + (f" (through {found.via})" if found.via else "")


def _value(area: str, path: tuple):
    """The value at the key path, or a MissingWords naming the file and the first key that is not there."""
    try:
        value = words(area)
    except FileNotFoundError:
        return MissingWords(f"{_toml(area)} (no such file)", path[:1] or ("",))
    for depth, key in enumerate(path):
        if not isinstance(value, Words) or key not in value:
            return MissingWords(_toml(area), path[: depth + 1])
        value = value[key]
    return value


def missing_keys(found: Analyser) -> list[str]:
    problems = set()
    for read in found.reads:
        if WILD not in read.path and isinstance(value := _value(read.area, read.path), MissingWords):
            problems.add(f"{_where(read)}: {value}")
    return sorted(problems)


def _placeholders(template: str) -> tuple[set[str], bool]:
    """The names a template's placeholders need, and whether it has positional ones."""
    names, positional = set(), False
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is None:
            continue
        base = name.split(".")[0].split("[")[0]
        if base == "" or base.isdigit():
            positional = True
        else:
            names.add(base)
        if spec:
            inner, inner_positional = _placeholders(spec)
            names |= inner
            positional |= inner_positional
    return names, positional


def _text_of(value):
    """A template, or all forms of a plural message together (each is filled with the same values)."""
    return " ".join(value.values()) if is_plural(value) else value


def unfilled_placeholders(found: Analyser) -> list[str]:
    problems = set()
    for call in found.formats:
        if WILD in call.path:
            continue
        template = _text_of(_value(call.area, call.path))
        if isinstance(template, MissingWords):
            continue  # missing_keys names it
        where = _where(call)
        key = f"{_toml(call.area)} key {'.'.join(call.path)}"
        if not isinstance(template, str):
            problems.add(f"{where}: {key} is not a text to fill in")
            continue
        names, positional = _placeholders(template)
        used = set().union(*(_placeholders(other)[0] for path in call.siblings
                             if isinstance(other := _text_of(_value(call.area, path)), str)))
        if positional:
            problems.add(f"{where}: {key} has placeholders without a name")
        if not call.star and names - call.keywords:
            problems.add(f"{where}: {key} needs {', '.join(sorted(names - call.keywords))}, not given")
        if extra := call.checked - used:
            problems.add(f"{where}: {key} has no placeholder for {', '.join(sorted(extra))}")
    return sorted(problems)


def _leaves(table: Words, path: tuple = ()):
    for key, value in table.items():
        if isinstance(value, Words) and not is_plural(value):
            yield from _leaves(value, (*path, key))
        else:
            yield (*path, key)


def _matches(pattern: tuple, path: tuple) -> bool:
    return len(pattern) == len(path) and all(want in (WILD, key) for want, key in zip(pattern, path, strict=True))


def unread_keys(found: Analyser, areas) -> list[str]:
    """Keys of these words files that no read asks for and that lie under no table used as a whole."""
    reads, escapes = {}, {}
    for kind, entries in ((reads, found.reads), (escapes, found.escapes)):
        for entry in entries:
            kind.setdefault(entry.area, set()).add(entry.path)
    unread = []
    for area in areas:
        for leaf in _leaves(words(area)):
            if any(_matches(pattern, leaf) for pattern in reads.get(area, ())):
                continue
            if any(_matches(pattern, leaf[: len(pattern)]) for pattern in escapes.get(area, ())):
                continue
            unread.append(f"{_toml(area)}: {'.'.join(leaf)}")
    return unread


@pytest.fixture(scope="module")
def found() -> Analyser:
    return analyse(project_sources())


# --- the project's words ----------------------------------------------------------------------------------------


def test_the_reading_finds_the_reads(found):
    fixed = {read for read in found.reads if WILD not in read.path}
    assert len(fixed) > 200 and len(found.formats) > 100
    assert {read.file for read in found.reads} >= {"app.py", "pages/what_if.py", "retention/io/readers.py"}
    assert any(read.file == "pages/what_if.py" and read.path == ("claim_not_reachable",) for read in fixed)
    assert any(read.via == "file_error" and read.path == ("file", "bomb") for read in fixed), "through two helpers"


def test_every_key_the_code_asks_for_exists(found):
    problems = missing_keys(found)
    assert not problems, "\n".join(problems)


def test_every_placeholder_is_filled_and_no_other(found):
    problems = unfilled_placeholders(found)
    assert not problems, "\n".join(problems)


def test_no_key_goes_unread(found):
    problems = unread_keys(found, sorted(path.stem for path in WORDS_DIR.glob("*.toml")))
    assert not problems, "nothing reads these keys:\n" + "\n".join(problems)


def test_the_core_never_reads_the_pages_words(found):
    read = {(entry.file, entry.area) for entry in found.reads | found.escapes}
    problems = sorted(f"{file} reads {_toml(area)}, the words of a page" for file, area in read
                      if file.startswith("retention/") and area in PAGE_AREAS)
    assert not problems, "\n".join(problems)
    core = {area for file, area in read if file.startswith("retention/")}
    assert {area for _, area in read} - core == PAGE_AREAS, "PAGE_AREAS: the words only pages and ui/ read"


# --- keys known only at run time -------------------------------------------------------------------------------


@pytest.mark.parametrize("key", METRIC_KEYS)
def test_every_metric_has_its_words(key):
    for part in ("label", "meaning", "formula", "worked", "moves"):
        assert words("metrics")[key][part], part


def test_every_alternative_of_a_metric_has_its_words():
    alternatives = {alternative.key for metric in METRICS for alternative in metric.alternatives}
    assert alternatives == set(words("metrics")["alternatives"])
    for key in alternatives:
        assert all(words("metrics")["alternatives"][key][part] for part in ("label", "who", "worked"))


def assert_keys(area: str, path: str, expected) -> None:
    """The table ``path`` (dotted) of an area's words holds exactly the keys the code computes: ``expected``."""
    table = words(area)
    for part in path.split("."):
        table = table[part]
    missing, unread = set(expected) - set(table), set(table) - set(expected)
    assert not missing and not unread, f"{_toml(area)} [{path}]: missing {sorted(missing)}, unread {sorted(unread)}"


@pytest.mark.parametrize("field", FIELDS, ids=lambda field: field.name)
def test_every_field_has_its_words(field):
    for part in ("label", "needs", "help"):
        assert words("fields")[field.name][part], part
    assert_keys("fields", "groups", GROUPS)


def test_every_period_and_frequency_has_its_words():
    for area, path in (("format", "period_singular"), ("format", "period_plural"), ("format", "period_name")):
        assert_keys(area, path, PERIODS)
    assert_keys("your_data", "freqs", FREQUENCIES)


def test_assessments_have_their_words():
    metrics = {metric.key for metric in METRICS if metric.better is not None}
    thresholds = {metric.key for metric in METRICS if metric.threshold is not None} & metrics
    assert_keys("assessment", "thresholds", thresholds)
    for key in thresholds:
        assert all(words("assessment")["thresholds"][key][part] for part in ("good", "attention", "source"))
    rules = {row.metric for row in benchmarks() if row.is_rule_of_thumb} & metrics
    assert_keys("assessment", "rules", rules)


def test_comparison_and_chart_kinds_have_their_words():
    assert_keys("comparison", "business_types", BUSINESS_TYPES)
    assert all(words("exports")["report"][verdict] for verdict in ("better", "worse"))  # Standing.verdict
    assert_keys("exports", "report.verdicts", {"good", "attention", "neutral"})  # Assessment.verdict
    assert all(words("comparison")[f"title_{verdict}"] for verdict in ("better", "worse"))
    assert_keys("comparison", "kinds", COMPARISON_KINDS)
    assert_keys("charts", "kinds", KIND_COLOURS)
    assert_keys("charts", "nps_groups", {"detractors", "passives", "promoters"})


def test_forecast_steps_time_units_and_columns_have_their_words():
    for area, path in (("forecast", "time_units"), ("forecast", "unit_singular"), ("forecast", "unit_plural"),
                       ("forecast_page", "form.time_units")):
        assert_keys(area, path, TIME_UNIT_DAYS)
    assert_keys("forecast_page", "progress", FORECAST_STEPS)
    assert_keys("forecast", "columns", CUSTOMER_COLUMNS)
    assert_keys("forecast", "risk", (*BANDS, "none_expected", "value_at_risk"))


def test_what_if_levers_and_figures_have_their_words():
    for path in ("lever_labels", "lever_help", "charts.lever_names"):
        assert_keys("whatif", path, LEVERS)
    for path in ("figures", "figure_help"):
        assert_keys("whatif", path, {key for key, _ in OUTCOME_FIGURES})


def test_every_name_a_link_carries_has_its_words():
    """Notes about a link name its parts in words (``links._label``): every link name that is not a field."""
    scenario_parts = {f"{scenario}_" for scenario in SCENARIO_KEYS}
    names = {name for name in LINK_KEYS if name not in FIELDS_BY_NAME and not name.startswith(tuple(scenario_parts))}
    assert_keys("links", "names", names | {"name"})  # "name": the part of s1_name


def test_exports_and_statuses_have_their_words():
    assert set(METRIC_COLUMNS) | set(inputs_table({}).columns) <= set(words("exports")["columns"])
    assert projection_csv({})  # its headings
    assert_keys("exports", "statuses", {"ok", "missing", "undefined", "unbounded"})  # MetricResult.status


def test_columns_of_uploads_have_their_words():
    assert set(words("your_data")["template"]) == {"transactions", "periods"}  # the kinds of file
    assert set(words("your_data")["kinds"]) == {"transactions", "periods", "database"}
    for target in {*TRANSACTION_COLUMNS, *PERIOD_TABLE_COLUMNS} - set(FIELDS_BY_NAME):
        assert words("readers")["columns"][target] and words("your_data")["columns"][target]
    assert set(words("readers")["header_names"]) <= set(TRANSACTION_COLUMNS) | set(PERIOD_TABLE_COLUMNS)


def test_every_dropped_row_note_has_its_reason(found):
    """``phrase("dropped", f"reason_{note.key}")`` names why every row was dropped when none is left."""
    keys = {read.path[1] for read in found.reads if read.area == "readers" and read.path[:1] == ("dropped",)
            and len(read.path) == 2 and read.path[1] != WILD}
    kinds = {key.removesuffix("_one") for key in keys if not key.startswith("reason_")}
    assert kinds >= {"blank", "duplicate", "no_customer", "refund", "future"}
    assert all(words("readers")["dropped"][f"reason_{kind}"] for kind in kinds)


def test_every_page_has_its_title():
    pages = {path.stem for path in (ROOT / "pages").glob("*.py")} - {"__init__"}
    assert set(words("app")["pages"]) == pages  # ui/navigation.py: a page's url_path is its module's name


# --- the words themselves ---------------------------------------------------------------------------------------


def test_a_missing_key_names_the_file_and_the_key_path():
    with pytest.raises(KeyError) as caught:
        _ = words("whatif")["charts"]["no_such_key"]
    assert str(caught.value) == "retention/words/whatif.toml has no key charts.no_such_key"
    assert isinstance(caught.value, MissingWords) and caught.value.args == ("no_such_key",)


def test_words_are_read_only_and_read_once():
    text = words("whatif")
    assert words("whatif") is text and isinstance(text["charts"], Words)
    assert "charts" in text and "no_such_key" not in text and text.get("no_such_key", "x") == "x"
    with pytest.raises(TypeError):
        text["charts"] = {}  # type: ignore[index]
    assert isinstance(words("readers")["header_names"]["date"], tuple)


# --- the reading can fail ---------------------------------------------------------------------------------------


SAMPLE = '''
from retention.words import words

def _text():
    return words("whatif")["charts"]

def _say(key, **values):
    return words("whatif")["charts"][key].format(**values)

def shown(periods):
    text = words("whatif")
    title = _text()["axis_periods"].format(periods=periods, extra=1)
    late = text["charts"].get("no_such_chart")
    return _say("no_such_message"), _say("axis_periods"), words("whatif")["charts"]["axis_periods"].format()
'''


def test_the_reading_reports_missing_keys_and_unfilled_placeholders():
    found = analyse({"sample.py": SAMPLE})
    assert missing_keys(found) == [
        "sample.py:13: retention/words/whatif.toml has no key charts.no_such_chart",
        "sample.py:14 (through _say): retention/words/whatif.toml has no key charts.no_such_message",
    ]
    assert unfilled_placeholders(found) == [
        "sample.py:12: retention/words/whatif.toml key charts.axis_periods has no placeholder for extra",
        "sample.py:14 (through _say): retention/words/whatif.toml key charts.axis_periods needs periods, not given",
        "sample.py:14: retention/words/whatif.toml key charts.axis_periods needs periods, not given",
    ]
    unread = unread_keys(found, ["whatif"])
    assert "retention/words/whatif.toml: charts.axis_periods" not in unread
    assert "retention/words/whatif.toml: charts.axis_customers" in unread


FLOWS = '''
from retention.words import words

def _say(section, key, **values):
    return words("readers")[section][key].format(**values)

def _file_error(key, **values):
    return _say("file", key, **values)

def _label(target):
    if target in FIELDS:
        return words("fields")[target]["label"]
    return words("readers")["columns"][target]

def read(count):
    for kind in ("no_such_kind", "blank"):
        words("readers")["dropped"][f"reason_{kind}"]
    _file_error("no_such_file_key", size=1)
    _file_error("bomb", ratio=1)
    _say("file", "empty" if count == 1 else "no_such_drop", count=count)
    return _label("customer_id"), _label("no_such_column")
'''


def test_the_reading_follows_helpers_loops_and_branches():
    found = analyse({"flows.py": FLOWS})
    assert missing_keys(found) == [
        "flows.py:17: retention/words/readers.toml has no key dropped.reason_no_such_kind",
        "flows.py:18 (through _file_error): retention/words/readers.toml has no key file.no_such_file_key",
        "flows.py:20 (through _say): retention/words/readers.toml has no key file.no_such_drop",
    ]  # _label's keys depend on its test: they are checked as sets (test_columns_of_uploads_have_their_words)
    assert unfilled_placeholders(found) == [
        "flows.py:19 (through _file_error): retention/words/readers.toml key file.bomb needs size, not given",
        "flows.py:20 (through _say): retention/words/readers.toml key file.empty has no placeholder for count",
    ]
