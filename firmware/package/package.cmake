# The Debian package: `cpack -G DEB` in the build directory (or
# `make package-deb`). Binaries, the knowledge base and rules, the shipped
# configuration (a conffile), the systemd units and their helpers, sysusers
# and journald drop-ins, the RAUC templates and the documentation.
# Depends: the shared libraries found by dpkg-shlibdeps, plus the data and
# tools sensord reads or runs at run time.
include(GNUInstallDirs)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/posture/kb/ DESTINATION share/sensord/kb FILES_MATCHING PATTERN "*.yaml")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/posture/rules/ DESTINATION share/sensord/rules FILES_MATCHING PATTERN "*.yaml")
install(FILES ${PROJECT_SOURCE_DIR}/firmware/config/sensor.yaml DESTINATION /etc/sensord)
install(FILES ${PROJECT_SOURCE_DIR}/firmware/systemd/sensord@.service
              ${PROJECT_SOURCE_DIR}/firmware/systemd/sensord-nic-setup@.service
              ${PROJECT_SOURCE_DIR}/firmware/rauc/rauc-mark-good.service
        DESTINATION lib/systemd/system)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/firmware/systemd/nic-setup.sh DESTINATION lib/sensord)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/firmware/rauc/mark-good.sh DESTINATION lib/sensord RENAME rauc-mark-good.sh)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/firmware/kb/make-kb-bundle.sh
                 ${PROJECT_SOURCE_DIR}/firmware/rauc/build-bundle.sh DESTINATION share/sensord/tools)
install(FILES ${PROJECT_SOURCE_DIR}/firmware/rauc/system.conf ${PROJECT_SOURCE_DIR}/firmware/rauc/manifest.raucm.in
        DESTINATION share/sensord/rauc)
install(FILES ${PROJECT_SOURCE_DIR}/firmware/systemd/sysusers.d/sensord.conf DESTINATION lib/sysusers.d)
install(FILES ${PROJECT_SOURCE_DIR}/firmware/systemd/journald.conf.d/sensord.conf DESTINATION lib/systemd/journald.conf.d)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION share/doc/sensord)
install(FILES ${PROJECT_SOURCE_DIR}/firmware/config/README.md DESTINATION share/doc/sensord RENAME config.md)
install(FILES ${PROJECT_SOURCE_DIR}/firmware/kb/README.md DESTINATION share/doc/sensord RENAME kb-updates.md)
install(FILES ${PROJECT_SOURCE_DIR}/transport/WIRE-PROTOCOL.md DESTINATION share/doc/sensord)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sensord)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "sensord maintainers <sensord@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "passive network device visibility and posture sensor")
set(CPACK_PACKAGE_DESCRIPTION "sensord watches a switch mirror port, fingerprints every device (type, OS, vendor, model, hostname, with evidence), scores its posture, and streams the inventory over ZeroMQ (CURVE) to an access-policy engine.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# What sensord reads or runs besides its libraries: the MAC registries, the
# p0f signatures, the User-Agent regexes, and the NIC set-up tools.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "ieee-data, p0f, uap-core, ethtool, iproute2, systemd (>= 252)")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "rauc")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${PROJECT_SOURCE_DIR}/firmware/package/postinst
                                       ${PROJECT_SOURCE_DIR}/firmware/package/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
