# scripts/build.sh: the build steps scripts/test and scripts/demo share (sourced, not run).
#   pc_build native|asan|wasm   configures (once) and builds build/<kind>
# Warnings are errors in every build. The wasm build copies its module to web/lib/.

export NODE_PATH=/usr/share/nodejs   # emcc -O2+ needs Debian's acorn (docs/build-notes.md 1.1)

pc_build() {
  local kind=$1 dir=build/$1
  local -a configure
  case $kind in
    native) configure=(cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPC_WERROR=ON) ;;
    asan) configure=(cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPC_SANITIZE=ON -DPC_WERROR=ON) ;;
    wasm) configure=(emcmake cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPC_WERROR=ON
                     "-DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node;--no-experimental-fetch") ;;
    *) echo "pc_build: unknown build '$kind'" >&2; return 2 ;;
  esac
  if [ ! -f "$dir/build.ninja" ]; then
    mkdir -p build   # the configure log sits beside the build folder
    "${configure[@]}" >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log" >&2; return 1; }
  fi
  cmake --build "$dir"
}
