#include "backend/stock/stock.h"
