# lte_layer(NAME DIR DEPS...): a static library from DIR/*.cpp whose public headers are DIR/include
# (lte/<layer>/*.hpp). A layer sees only its own headers and those of the layers it links, so an
# upward include fails to compile, not only to link.
# Globbing lets a layer grow file by file without editing this list; CONFIGURE_DEPENDS re-globs.
function(lte_layer name dir)
  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/*.cpp)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/include)
    target_link_libraries(${name} PUBLIC ${ARGN})
    lte_warnings(${name})
  else()  # a layer still being written: headers only
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/${dir}/include)
    target_link_libraries(${name} INTERFACE ${ARGN})
  endif()
endfunction()
