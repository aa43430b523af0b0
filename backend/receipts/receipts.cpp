#include "backend/receipts/receipts.h"
