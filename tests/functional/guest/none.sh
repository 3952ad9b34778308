# test=none: boots, loads the modules and powers off (the harness's own check).
say "modules: $(cut -d' ' -f1 /proc/modules | sort | tr '\n' ' ')"
