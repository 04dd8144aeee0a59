# Regenerates the AWS bindings from the committed fixture and fails unless every header is
# byte-identical to the committed one (and no header is missing or extra).
#   cmake -DGENERATOR=<stackgen-gen> -DSCHEMA=<aws-serverless.json> -DCOMMITTED=<.../aws>
#         -DWORK=<scratch folder> -P check_regeneration.cmake
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
execute_process(COMMAND "${GENERATOR}" --schema "${SCHEMA}" --out "${WORK}"
  RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE output)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "stackgen-gen failed (${status}): ${output}")
endif()

file(GLOB generated RELATIVE "${WORK}/aws" "${WORK}/aws/*")
file(GLOB committed RELATIVE "${COMMITTED}" "${COMMITTED}/*")
set(problems "")
foreach(name IN LISTS committed)
  if(NOT name IN_LIST generated)
    string(APPEND problems "\n  ${name}: committed but no longer generated")
  endif()
endforeach()
foreach(name IN LISTS generated)
  if(NOT name IN_LIST committed)
    string(APPEND problems "\n  ${name}: generated but not committed")
    continue()
  endif()
  file(READ "${WORK}/aws/${name}" fresh)
  file(READ "${COMMITTED}/${name}" old)
  if(NOT fresh STREQUAL old)
    string(APPEND problems "\n  ${name}: differs (diff ${WORK}/aws/${name} ${COMMITTED}/${name})")
  endif()
endforeach()
if(problems)
  message(FATAL_ERROR "The committed AWS bindings are not what the generator makes from "
    "${SCHEMA}:${problems}\nIf the change is intended, regenerate them: cmake --build <build> "
    "--target stackgen_regenerate_aws_bindings")
endif()
list(LENGTH generated count)
message(STATUS "${count} regenerated headers are byte-identical to the committed ones")
