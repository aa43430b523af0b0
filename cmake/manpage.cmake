# Writes a gzipped roff manual page from a program's --help text (cmake -P; see Packaging.cmake):
#   -DPROGRAM=path -DNAME=name -DSUMMARY=text -DVERSION=x.y.z -DOUT=file.1   (writes OUT.gz)
execute_process(COMMAND ${PROGRAM} --help OUTPUT_VARIABLE help ERROR_VARIABLE help_err RESULT_VARIABLE status)
if(NOT status EQUAL 0 OR help STREQUAL "")
    message(FATAL_ERROR "${PROGRAM} --help failed (${status}): ${help_err}")
endif()
# roff: a backslash is \e, and a line must not start with a control character.
string(REPLACE "\\" "\\e" help "${help}")
string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
string(TOUPPER "${NAME}" title)
file(WRITE ${OUT}
".TH ${title} 1 \"\" \"Countersign ${VERSION}\" \"Countersign\"
.SH NAME
${NAME} \\- ${SUMMARY}
.SH DESCRIPTION
.nf
${help}.fi
.SH FILES
.TP
.I /etc/xdg/countersign/countersign.conf
the workstation's configuration (override with \\fB\\-\\-config\\fR or \\fBCOUNTERSIGN_CONFIG\\fR); every key is
explained in
.I /usr/share/countersign/countersign.conf.example
.SH SEE ALSO
.BR countersign (1),
.BR countersignctl (1),
.BR systemctl (1)
")
execute_process(COMMAND gzip -9nf ${OUT} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip ${OUT} failed")
endif()
