"""Names vulture cannot see used (``make lint`` runs vulture with this file).

Click calls the command functions, Python calls ``__getattr__``, urllib3 reads the
connection-class attributes, and dataclass fields mirror the columns of the council table.
"""

from ofsted_kg import (
    __getattr__,  # module attribute hook (lazy public API)
    net,
)
from ofsted_kg.cli import EXIT_OK, chart, list_queries  # exit code table; click commands
from ofsted_kg.model.councils import AuthorityRecord
from ofsted_kg.source.manifest import Entry
from ofsted_kg.validate.validator import Violation

__getattr__, EXIT_OK, chart, list_queries  # noqa: B018
AuthorityRecord.region_gss  # noqa: B018
Entry.retrieved  # noqa: B018 (a column of the sync manifest)
Violation.severity  # noqa: B018
net._HTTPPool.ConnectionCls  # noqa: B018
net._HTTPSPool.ConnectionCls  # noqa: B018
net._Adapter.init_poolmanager  # noqa: B018
_.pool_classes_by_scheme  # noqa: B018, F821 (urllib3 reads it)

# openpyxl and zipfile read the attributes query/spreadsheet.py sets on their objects.
_workbook = Violation  # any object: vulture matches attribute names
_workbook.creator, _workbook.modified, _workbook.freeze_panes  # noqa: B018
_workbook.number_format, _workbook.compress_type, _workbook.external_attr  # noqa: B018

# http.server calls a handler's do_<METHOD> by name and reads close_connection
# (server/guard.py answers every method, one request a connection).
from ofsted_kg.server.guard import Front, _Handler  # noqa: E402

_Handler.do_PUT, _Handler.do_DELETE, _Handler.do_PATCH, _Handler.do_POST  # noqa: B018
_Handler.do_OPTIONS, _Handler.do_HEAD, _Handler.close_connection  # noqa: B018
_Handler.version_string, _Handler.log_message, _Handler.protocol_version  # noqa: B018
Front.server_port, Front.server_name, Front.daemon_threads  # noqa: B018 (http.server reads them)
