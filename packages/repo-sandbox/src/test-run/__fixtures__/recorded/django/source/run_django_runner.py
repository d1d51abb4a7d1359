# Drives Django's DiscoverRunner the way tests/runtests.py does (get_runner(settings),
# verbosity 2, parallel 1) on one test app, with the test_sqlite settings module.
import os
import sys
import django
from django.conf import settings
from django.test.utils import get_runner
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'test_sqlite')
django.setup()
TestRunner = get_runner(settings)
failures = TestRunner(verbosity=2, interactive=False, parallel=1).run_tests(sys.argv[1:])
sys.exit(bool(failures))
