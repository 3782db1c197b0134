"""Image formats: ``nuke.Format``, ``nuke.addFormat`` and ``nuke.formats``."""

from __future__ import annotations

from . import _session

_STANDARD = (
    ("PC_Video", 640, 480, 1.0),
    ("NTSC", 720, 486, 0.91),
    ("PAL", 720, 576, 1.09),
    ("NTSC_16:9", 720, 486, 1.21),
    ("PAL_16:9", 720, 576, 1.46),
    ("HD_720", 1280, 720, 1.0),
    ("HD_1080", 1920, 1080, 1.0),
    ("UHD_4K", 3840, 2160, 1.0),
    ("1K_Super_35(full-ap)", 1024, 778, 1.0),
    ("1K_Cinemascope", 914, 778, 2.0),
    ("2K_Super_35(full-ap)", 2048, 1556, 1.0),
    ("2K_Cinemascope", 1828, 1556, 2.0),
    ("2K_DCP", 2048, 1080, 1.0),
    ("4K_Super_35(full-ap)", 4096, 3112, 1.0),
    ("4K_Cinemascope", 3656, 3112, 2.0),
    ("4K_DCP", 4096, 2160, 1.0),
    ("square_256", 256, 256, 1.0),
    ("square_512", 512, 512, 1.0),
    ("square_1K", 1024, 1024, 1.0),
    ("square_2K", 2048, 2048, 1.0),
)


class Format:
    """An image format; obtained from ``nuke.addFormat``/``nuke.formats``, never built directly."""

    def __init__(self, *args, **kwargs) -> None:
        raise TypeError("Format objects are created with nuke.addFormat()")

    @classmethod
    def _make(cls, width: int, height: int, pixel_aspect: float = 1.0, name: str = "",
              box: tuple[int, int, int, int] | None = None) -> Format:
        self = object.__new__(cls)
        self._width, self._height, self._aspect, self._name = width, height, pixel_aspect, name
        self._box = box or (0, 0, width, height)
        return self

    def name(self) -> str:
        return self._name

    def setName(self, name) -> None:
        self._name = name

    def width(self) -> int:
        return self._width

    def height(self) -> int:
        return self._height

    def pixelAspect(self) -> float:
        return self._aspect

    def setWidth(self, newWidth) -> None:
        self._width = int(newWidth)

    def setHeight(self, newHeight) -> None:
        self._height = int(newHeight)

    def setPixelAspect(self, aspectRatio) -> None:
        self._aspect = float(aspectRatio)

    def x(self) -> int:
        return self._box[0]

    def y(self) -> int:
        return self._box[1]

    def r(self) -> int:
        return self._box[2]

    def t(self) -> int:
        return self._box[3]

    def add(self, name) -> None:
        """Register this format under *name* (as ``addFormat`` does)."""
        self._name = name
        _register(self)

    def _spec(self) -> str:
        """The text ``.nk`` files hold: ``w h x y r t pa name``."""
        box = " ".join(str(v) for v in self._box)
        return f"{self._width} {self._height} {box} {_number(self._aspect)} {self._name}".strip()

    def __repr__(self) -> str:
        return f"<Format {self._spec()}>"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def default_formats() -> list[Format]:
    return [Format._make(w, h, pa, name) for name, w, h, pa in _STANDARD]


def _register(fmt: Format) -> None:
    formats_ = _session.session().formats
    for index, existing in enumerate(formats_):
        if fmt.name() and existing.name() == fmt.name():
            formats_[index] = fmt
            return
    formats_.append(fmt)


def parse_spec(s: str) -> Format:
    """Read ``"w h [x y r t] [pa] [name]"``; a bad string raises ValueError."""
    words = str(s).split()
    numbers: list[float] = []
    name_words: list[str] = []
    for word in words:
        if name_words:
            name_words.append(word)
            continue
        try:
            numbers.append(float(word))
        except ValueError:
            name_words.append(word)
    if len(numbers) not in (2, 3, 6, 7):
        raise ValueError(f"invalid format: {s!r}")
    width, height = int(numbers[0]), int(numbers[1])
    box = tuple(int(v) for v in numbers[2:6]) if len(numbers) >= 6 else None
    aspect = numbers[-1] if len(numbers) in (3, 7) else 1.0
    return Format._make(width, height, aspect, " ".join(name_words), box)


def addFormat(s: str) -> Format:
    fmt = parse_spec(s)
    if fmt.name():
        _register(fmt)
    return fmt


def formats() -> list[Format]:
    return list(_session.session().formats)


def find(name_or_spec: str) -> Format:
    """The registered format with that name, or one parsed from a spec string."""
    for fmt in _session.session().formats:
        if fmt.name() == name_or_spec:
            return fmt
    try:
        return addFormat(name_or_spec)
    except ValueError:
        raise ValueError(f"unknown format {name_or_spec!r}") from None
