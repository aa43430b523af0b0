#pragma once

namespace countersign::workflow {} // namespace countersign::workflow
