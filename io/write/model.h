/* io/write/model.h — writes the saved model (format: io/read/model.h). */
#ifndef RD_WRITE_MODEL_H
#define RD_WRITE_MODEL_H

#include "engine/status.h"
#include "io/read/model.h"

/* Writes m (its own fields: own is ignored) to path: the same model gives the same bytes.
 * RD_EOUTPUT / RD_EIO naming path. */
rd_status rd_model_write(const char *path, const rd_model *m, rd_err *err);

#endif
