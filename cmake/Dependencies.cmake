# Finds the libraries greentally uses; a missing one is a clear error naming
# the Debian package that provides it.
find_package(PkgConfig REQUIRED)

function(gt_missing what pkg)
  message(FATAL_ERROR "greentally: ${what} not found. On Debian 12 install it with:\n"
                      "  apt-get install ${pkg}\n"
                      "or run: bash .ci/install-deps.sh")
endfunction()

# libcsv has no pkg-config file on Debian.
find_path(CSV_INCLUDE_DIR csv.h)
find_library(CSV_LIBRARY csv)
if(NOT CSV_INCLUDE_DIR OR NOT CSV_LIBRARY)
  gt_missing("libcsv" "libcsv-dev")
endif()
add_library(GT::csv INTERFACE IMPORTED)
target_include_directories(GT::csv INTERFACE ${CSV_INCLUDE_DIR})
target_link_libraries(GT::csv INTERFACE ${CSV_LIBRARY})

# libharu has no pkg-config file on Debian 12 either.
find_path(HPDF_INCLUDE_DIR hpdf.h)
find_library(HPDF_LIBRARY hpdf)
if(NOT HPDF_INCLUDE_DIR OR NOT HPDF_LIBRARY)
  gt_missing("libharu (hpdf)" "libhpdf-dev")
endif()
add_library(GT::hpdf INTERFACE IMPORTED)
target_include_directories(GT::hpdf INTERFACE ${HPDF_INCLUDE_DIR})
target_link_libraries(GT::hpdf INTERFACE ${HPDF_LIBRARY})

macro(gt_pkg target module debpkg)
  pkg_check_modules(${target}_PC QUIET IMPORTED_TARGET ${module})
  if(NOT ${target}_PC_FOUND)
    gt_missing("${module}" "${debpkg}")
  endif()
  add_library(GT::${target} INTERFACE IMPORTED)
  target_link_libraries(GT::${target} INTERFACE PkgConfig::${target}_PC)
endmacro()

gt_pkg(cjson libcjson libcjson-dev)
gt_pkg(xlsxwriter xlsxwriter libxlsxwriter-dev)
gt_pkg(curl libcurl libcurl4-openssl-dev)
if(GT_TESTS)
  gt_pkg(cmocka cmocka libcmocka-dev)
endif()
