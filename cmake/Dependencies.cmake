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

# The run-time name (SONAME) of the shared library lib, in out (fallback when
# it cannot be read): what greentally dlopens for a library it loads on first
# use (reports/gt_dl.h).
function(gt_soname lib out fallback)
  set(name ${fallback})
  get_filename_component(real "${lib}" REALPATH)
  if(CMAKE_OBJDUMP AND EXISTS "${real}")
    execute_process(COMMAND ${CMAKE_OBJDUMP} -p "${real}" OUTPUT_VARIABLE dump ERROR_QUIET
                    RESULT_VARIABLE rc)
    if(rc EQUAL 0 AND dump MATCHES "SONAME +([^ \t\r\n]+)")
      set(name ${CMAKE_MATCH_1})
    endif()
  endif()
  set(${out} ${name} PARENT_SCOPE)
endfunction()

# libharu has no pkg-config file on Debian 12 either. The PDF writers load it
# on first use: only its header is needed to build (GT::hpdf), the library
# (GT_HPDF_SONAME) at run time.
find_path(HPDF_INCLUDE_DIR hpdf.h)
find_library(HPDF_LIBRARY hpdf)
if(NOT HPDF_INCLUDE_DIR OR NOT HPDF_LIBRARY)
  gt_missing("libharu (hpdf)" "libhpdf-dev")
endif()
add_library(GT::hpdf INTERFACE IMPORTED)
target_include_directories(GT::hpdf INTERFACE ${HPDF_INCLUDE_DIR})
gt_soname(${HPDF_LIBRARY} GT_HPDF_SONAME libhpdf-2.3.0.so)

macro(gt_pkg target module debpkg)
  pkg_check_modules(${target}_PC QUIET IMPORTED_TARGET ${module})
  if(NOT ${target}_PC_FOUND)
    gt_missing("${module}" "${debpkg}")
  endif()
  add_library(GT::${target} INTERFACE IMPORTED)
  target_link_libraries(GT::${target} INTERFACE PkgConfig::${target}_PC)
endmacro()

gt_pkg(cjson libcjson libcjson-dev)
gt_pkg(curl libcurl libcurl4-openssl-dev)

# libxlsxwriter: loaded on first use by the XLSX writers, like libharu (only
# its headers here, GT_LXW_SONAME at run time).
pkg_check_modules(xlsxwriter_PC QUIET xlsxwriter)
if(NOT xlsxwriter_PC_FOUND)
  gt_missing("xlsxwriter" "libxlsxwriter-dev")
endif()
add_library(GT::xlsxwriter INTERFACE IMPORTED)
target_include_directories(GT::xlsxwriter INTERFACE ${xlsxwriter_PC_INCLUDE_DIRS})
find_library(LXW_LIBRARY xlsxwriter HINTS ${xlsxwriter_PC_LIBRARY_DIRS})
gt_soname("${LXW_LIBRARY}" GT_LXW_SONAME libxlsxwriter.so.4)
if(GT_TESTS)
  gt_pkg(cmocka cmocka libcmocka-dev)
endif()
