# Warnings are errors-in-waiting: keep the build clean at this level.
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
