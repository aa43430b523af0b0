#include "backend/fees/fees.h"
