"""A class server for the certtraining course: copy this file next to JupyterHub and adjust.

What it sets up (README, "수업 서버"):
- the progress service ``certtraining`` (``python -m certtraining.service``), started and kept
  running by the hub as its own system user; it alone reads the database URL (a file only that
  user can read) and the answer keys;
- the answer keys out of every learner's reach: at each hub start, ``certtraining class setup``
  writes the key-free copy learners' servers load (``CERTTRAINING_PUBLIC_DIR``), gives the
  service the keyed content in a folder only its user may enter (``CERTTRAINING_SERVICE_DIR``,
  0700), and makes the installed package's own ``questions.yaml`` readable by root only (so an
  upgrade of the package is covered by the next restart);
- learners' servers without answer keys (``CERTTRAINING_KEYS=off``) and without any database
  password: ``CERTTRAINING_DB`` names the service, and kernels call it with the learner's own
  hub token, which the roles below allow;
- the ``instructors`` group, whose members get the dashboard at ``/services/certtraining/``;
- each learner's own copy of the lessons on first start (``certtraining init``) and the
  code-free learner app (Voilà inside each learner's own server), where learners land
  (``CERTTRAINING_LANDING=app``, the default; ``lab`` for JupyterLab; teachers land in
  JupyterLab), and idle servers and kernels shut down.

Settings come from environment variables so one file serves a teacher's server and the tests.
"""

import os
import subprocess
import sys

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

SERVICE = "certtraining"
SERVICE_PORT = int(os.environ.get("CERTTRAINING_SERVICE_PORT", "10101"))
SERVICE_URL = f"http://127.0.0.1:{SERVICE_PORT}"
PYTHON = os.environ.get("CERTTRAINING_PYTHON", sys.executable)
BIN = os.path.dirname(PYTHON)
# A file holding the PostgreSQL URL, e.g. postgresql+psycopg://certtraining:PASSWORD@127.0.0.1/class
# owned by SERVICE_USER with mode 0400: nobody else, not even learners' kernels, can read it.
DB_FILE = os.environ.get("CERTTRAINING_DB_FILE", "/etc/certtraining/db-url")
SERVICE_USER = os.environ.get("CERTTRAINING_SERVICE_USER", "certtraining")
INSTRUCTORS = os.environ.get("CERTTRAINING_INSTRUCTORS_GROUP", "instructors")
TEACHERS = [t for t in os.environ.get("CERTTRAINING_TEACHERS", "").split(",") if t.strip()]
LESSONS = os.environ.get("CERTTRAINING_LESSONS_DIR", "certtraining")  # under each home folder
# The learners' key-free copy of the content (readable by all) and the service's own folder
# (keyed content and its cache; only SERVICE_USER may enter it).
PUBLIC_DIR = os.environ.get("CERTTRAINING_PUBLIC_DIR", "/srv/certtraining/public")
SERVICE_DIR = os.environ.get("CERTTRAINING_SERVICE_DIR", "/srv/certtraining/service")
SERVICE_ENV = {k: v for k, v in os.environ.items() if k in ("PYTHONPATH", "LANG")}

# --- Answer keys: learners get a copy without them; the service alone reads them.
setup = [PYTHON, "-m", "certtraining", "class", "setup"]
setup += ["--public", PUBLIC_DIR, "--service-dir", SERVICE_DIR]
if os.geteuid() == 0:
    setup += ["--service-user", SERVICE_USER]
done = subprocess.run(setup, capture_output=True, text=True)
if done.returncode != 0:
    sys.exit(f"certtraining class setup failed:\n{done.stderr}")

# --- Who may do what: the hub's own scopes (JupyterHub 5+), no lists kept by the service.
c.JupyterHub.custom_scopes = {
    "custom:certtraining:teach": {
        "description": "강사 대시보드, 학급 보고서, 모든 학습자의 진도 / the instructor dashboard",
    },
}
ACCESS = f"access:services!service={SERVICE}"
c.JupyterHub.load_roles = [
    # every user may call the service (as themselves: the service takes the name from the token)
    {"name": "user", "scopes": ["self", ACCESS]},
    # ... and so may their server's token, which their kernels hold (by default it cannot)
    {"name": "server", "scopes": ["users:activity!user", "access:servers!server", ACCESS]},
    {
        "name": "certtraining-instructor",
        "description": "학급 진도 대시보드 / the class dashboard",
        "groups": [INSTRUCTORS],
        "scopes": ["custom:certtraining:teach", ACCESS],
    },
]
c.JupyterHub.load_groups = {INSTRUCTORS: {"users": TEACHERS}}

service = {
    "name": SERVICE,
    "url": SERVICE_URL,
    "command": [PYTHON, "-m", "certtraining.service"],
    "environment": {
        **SERVICE_ENV,
        "CERTTRAINING_DB_FILE": DB_FILE,
        # its own folder: the 수료증 secret (certificate.key, 0600) is made here on first use
        "CERTTRAINING_SERVICE_DIR": SERVICE_DIR,
        "CERTTRAINING_DATA": os.path.join(SERVICE_DIR, "content"),
        "CERTTRAINING_CACHE_DIR": os.path.join(SERVICE_DIR, "cache"),
        "MPLCONFIGDIR": os.path.join(SERVICE_DIR, "cache", "matplotlib"),
    },
    # the dashboard's browser login may carry the teaching scope (the hub gives it only to
    # users who have it)
    "oauth_client_allowed_scopes": ["custom:certtraining:teach"],
    "display": True,
    # part of the hub (admin-managed): no extra "authorize" page on the way to the dashboard
    "oauth_no_confirm": True,
    "info": {"설명": "학급 진도 대시보드 (강사)"},
}
if os.geteuid() == 0:
    service["user"] = SERVICE_USER  # the hub starts it as this system user
c.JupyterHub.services = [service]

# --- Learners' servers: no keys, no database password, recording through the service.
c.Spawner.environment = {
    "CERTTRAINING_DB": f"certtraining+{SERVICE_URL}/services/{SERVICE}/",
    "CERTTRAINING_DATA": PUBLIC_DIR,
    "CERTTRAINING_KEYS": "off",
}
# Each learner's server starts through the course's launcher: it copies the lessons into
# ~/LESSONS on first start (later starts add new lessons and never overwrite one the learner
# changed), writes the code-free learner app's pages into ~/LESSONS/app, and then becomes the
# usual single-user server with Voilà's settings for the app (Voilà runs inside the learner's
# own server, behind the hub's login; the hub user is the learner, no name is asked).
c.Spawner.cmd = [
    PYTHON,
    "-m",
    "certtraining.notebook.hub_start",
    "--lessons",
    LESSONS,
    "--",
    os.path.join(BIN, "jupyterhub-singleuser"),
]
# Where a learner lands: CERTTRAINING_LANDING=app (default) opens the code-free app's home page
# (과정 지도); =lab opens JupyterLab on the first lesson. Members of the instructors group always
# land in JupyterLab; anyone can switch by URL: /user/NAME/lab (JupyterLab) or
# /user/NAME/voila/render/LESSONS/app/index.ipynb (the app).
LANDING = os.environ.get("CERTTRAINING_LANDING", "app")
APP_HOME = f"/voila/render/{LESSONS}/app/index.ipynb"
LAB_HOME = f"/lab/tree/{LESSONS}/00_intro.ipynb"
c.Spawner.default_url = LAB_HOME if LANDING == "lab" else APP_HOME


def land_teachers_in_lab(spawner):
    if any(group.name == INSTRUCTORS for group in spawner.user.groups):
        spawner.default_url = LAB_HOME


c.Spawner.pre_spawn_hook = land_teachers_in_lab
# Idle servers stop themselves (the single-user server's own settings, nothing to install):
# kernels idle for 30 minutes are shut down, the server after an hour without activity.
# jupyterhub-idle-culler (PyPI) does the same from the hub; see the README.
c.Spawner.args = [
    "--ServerApp.shutdown_no_activity_timeout=3600",
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=300",
]

# --- Login: PAM (the server's own accounts, as on The Littlest JupyterHub). Needs no outside
# service. Tests replace it with DummyAuthenticator and fixed passwords.
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = set(TEACHERS[:1])
