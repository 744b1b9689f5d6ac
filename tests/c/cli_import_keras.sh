#!/usr/bin/env bash
# cli_import_keras.sh POLARCAD SOURCE_DIR WORKDIR: `polarcad import-keras` end to end on HDF5
# files in Keras' layout written by tests/ref/make_keras_h5.py (a full-size random VGG16 notop,
# a VGG19 in Keras 1 naming, a with-top file, broken ones). Needs /usr/bin/python3 with h5py
# and numpy; exits 77 (SKIP) without them.
set -u
polarcad=$1 src=$2 work=$3
py=/usr/bin/python3
"$py" -c 'import h5py, numpy' 2>/dev/null || { echo "SKIP: /usr/bin/python3 lacks h5py or numpy"; exit 77; }
rm -rf "$work" && mkdir -p "$work" && "$py" "$src/tests/ref/make_keras_h5.py" "$work" || exit 1
. "$(dirname "$0")/cli_expect.sh"
d=$work
expect 0 "tf_dim_ordering_tf_kernels_notop" -- "$polarcad" import-keras --help
expect 0 "imported 13 conv layers of vgg16" -- "$polarcad" import-keras $d/vgg16_notop.h5 --arch vgg16 --out $d/v16.pcm
expect 0 "26 conv tensors equal" -- "$py" "$src/tests/ref/check_import.py" $d/vgg16_notop.h5 $d/v16.pcm
expect 0 "input 150 x 300 (nac)" -- "$polarcad" import-keras $d/vgg19_notop_k1.h5 --arch vgg19 --dataset nac \
  --seed 7 --out $d/v19.pcm
expect 0 "32 conv tensors equal" -- "$py" "$src/tests/ref/check_import.py" $d/vgg19_notop_k1.h5 $d/v19.pcm
expect 0 "skipped 3 layers outside the conv base" -- "$polarcad" import-keras $d/vgg16_top.h5 --arch vgg16 \
  --input 150x150 --out $d/top.pcm
expect 0 "26 conv tensors equal" -- "$py" "$src/tests/ref/check_import.py" $d/vgg16_top.h5 $d/top.pcm
expect 1 "layer block3_conv2 is missing" -- "$polarcad" import-keras $d/broken_missing.h5 --arch vgg16 --out $d/x.pcm
expect 1 "block2_conv1/kernel:0 has shape (3, 3, 64, 127), the model needs (3, 3, 64, 128)" -- \
  "$polarcad" import-keras $d/broken_shape.h5 --arch vgg16 --out $d/x.pcm
expect 1 "Theano-ordered kernels" -- "$polarcad" import-keras $d/broken_theano.h5 --arch vgg16 --out $d/x.pcm
expect 1 "no 'layer_names' attribute" -- "$polarcad" import-keras $d/broken_no_layers.h5 --arch vgg16 --out $d/x.pcm
expect 1 "not_hdf5.h5: not an HDF5 file" -- "$polarcad" import-keras $d/not_hdf5.h5 --arch vgg16 --out $d/x.pcm
expect 1 "missing.h5: cannot open" -- "$polarcad" import-keras $d/missing.h5 --arch vgg16 --out $d/x.pcm
expect 1 "layer block3_conv4 is missing (a VGG19" -- "$polarcad" import-keras $d/vgg16_notop.h5 --arch vgg19 \
  --out $d/x.pcm
expect 1 "cannot" -- "$polarcad" import-keras $d/vgg16_notop.h5 --arch vgg16 --out $d/no/such/folder/x.pcm
expect 2 "give FILE.h5, --arch and --out" -- "$polarcad" import-keras $d/vgg16_notop.h5 --out $d/x.pcm
expect 2 "unknown architecture 'resnet50'" -- "$polarcad" import-keras $d/vgg16_notop.h5 --arch resnet50 --out $d/x.pcm
expect 2 "--input must be HxW" -- "$polarcad" import-keras $d/vgg16_notop.h5 --arch vgg16 --input 20x20 --out $d/x.pcm
# Failures leave no output and no temporary files behind.
check "failures leave no output and no temporary files" -- \
  bash -c '! [ -e "$1/x.pcm" ] && ! ls "$1" | grep -q "\.tmp-"' _ "$d"
finish cli_import_keras
