# Installing a counter workstation (`cmake --install`) and the Debian package `countersign` (CPack, DEB).
# ./deploy/package.sh builds the package from the release preset; the deploy.package test packages the build
# it runs in and checks the result (tests/deploy/package.sh).
#
# What is compiled in and therefore needs no files: the QML module (a static plugin, qrc:/Countersign), the
# translations (qrc:/i18n), the schema migrations (qrc:/countersign/migrations) and with them the fee presets
# (tianjin-2018 and ningbo are rows that migration 0004 seeds). The migrations are also installed under
# share/countersign/migrations, for reference only.

# `cmake --install` and cpack install what is already built: the package script builds the two programs and
# the manual pages it needs, and packaging a tree while its tests run never starts a build in it.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(countersign_deploy_dir ${PROJECT_SOURCE_DIR}/deploy)

# --- manual pages, made from the programs' own --help --------------------------------------------------------
set(countersign_man_dir ${CMAKE_BINARY_DIR}/man)
set(countersign_man_pages)
foreach(program countersign countersignctl)
    if(program STREQUAL "countersign")
        set(summary "the counter kiosk of a CA service centre")
    else()
        set(summary "Countersign from the command line: counter operations, keys, CA, database, checks")
    endif()
    add_custom_command(
        OUTPUT ${countersign_man_dir}/${program}.1.gz
        COMMAND ${CMAKE_COMMAND} -E env QT_QPA_PLATFORM=offscreen COUNTERSIGN_CONFIG=/nonexistent
                ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${program}> -DNAME=${program} "-DSUMMARY=${summary}"
                -DVERSION=${PROJECT_VERSION} -DOUT=${countersign_man_dir}/${program}.1
                -P ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
        DEPENDS ${program} ${PROJECT_SOURCE_DIR}/cmake/manpage.cmake
        COMMENT "Writing the manual page of ${program}"
        VERBATIM)
    list(APPEND countersign_man_pages ${countersign_man_dir}/${program}.1.gz)
endforeach()
add_custom_target(countersign_manpages ALL DEPENDS ${countersign_man_pages})
install(FILES ${countersign_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# --- systemd, PAM, the nightly dump, the example configuration ---------------------------------------------
# Units go where Debian 12's packages put theirs (/lib is /usr/lib on a merged-/usr system).
install(FILES
    ${countersign_deploy_dir}/systemd/countersign@.service
    ${countersign_deploy_dir}/systemd/countersign-pgdump.service
    ${countersign_deploy_dir}/systemd/countersign-pgdump.timer
    ${countersign_deploy_dir}/systemd/countersign-crl.service
    ${countersign_deploy_dir}/systemd/countersign-crl.timer
    DESTINATION lib/systemd/system)
install(FILES ${countersign_deploy_dir}/systemd/countersign.pam DESTINATION /etc/pam.d RENAME countersign)
install(FILES ${countersign_deploy_dir}/systemd/countersign-pgdump.default
    DESTINATION /etc/default RENAME countersign-pgdump)
install(PROGRAMS ${countersign_deploy_dir}/systemd/countersign-pgdump
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/countersign)
install(FILES ${countersign_deploy_dir}/countersign.conf.example DESTINATION ${CMAKE_INSTALL_DATADIR}/countersign)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/db/migrations/ DESTINATION ${CMAKE_INSTALL_DATADIR}/countersign/migrations
    FILES_MATCHING PATTERN "*.sql")
# The central database's setup script and settings (deploy/central-db/README.md), for the database servers.
install(DIRECTORY ${countersign_deploy_dir}/central-db/ DESTINATION ${CMAKE_INSTALL_DATADIR}/countersign/central-db
    USE_SOURCE_PERMISSIONS)

# --- the Debian package --------------------------------------------------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME countersign)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "counter workstation of a CA service centre (kiosk and command line)")
set(CPACK_PACKAGE_DESCRIPTION
    "Countersign is the workstation on the counter of a certificate-authority service centre: a full-screen\n"
    "Qt Quick kiosk (countersign, started under cage by countersign@.service) and a command line\n"
    "(countersignctl) that check an enterprise's papers and issue, renew, upgrade, replace and unlock the\n"
    "USB-KEYs that carry its tax certificates, over PostgreSQL, PKCS#11 and a CA.")
set(CPACK_PACKAGE_CONTACT "Countersign maintainers <countersign@localhost>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# The shared libraries come from dpkg-shlibdeps; these are what the programs load or run by name: every QML
# module the screens import (deploy.package checks the imports against this list), and xwayland, without which
# Debian 12's cage (0.1.4) refuses to start.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "adduser, cage, xwayland, qt6-wayland, qt6-qpa-plugins, qml6-module-qtqml, qml6-module-qtqml-workerscript, "
    "qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-layouts, qml6-module-qtcharts, "
    "qml6-module-qtquick-templates, qml6-module-qtquick-window, qt6-image-formats-plugins, "
    "p11-kit-modules, fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei")
string(REPLACE ";" "" CPACK_DEBIAN_PACKAGE_DEPENDS "${CPACK_DEBIAN_PACKAGE_DEPENDS}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "pcscd, opensc-pkcs11, cups, postgresql-client-15")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql-15, softhsm2")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${countersign_deploy_dir}/debian/postinst
    ${countersign_deploy_dir}/debian/prerm
    ${countersign_deploy_dir}/debian/postrm
    ${countersign_deploy_dir}/debian/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
