"""The local farm's default error limits, apart from the rules so ``avalon-nuke --help`` stays light."""

#: Deadline's documented default: a job fails after 100 errors.
DEFAULT_JOB_ERROR_LIMIT = 100
#: No documented Deadline default was found for tasks: off, so the job limit decides.
DEFAULT_TASK_ERROR_LIMIT = 0
