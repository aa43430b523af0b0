#include "backend/workflow/workflow.h"
