/*
 * virtio-serial-pci: a virtio-pci function holding a virtio-serial-device.
 * With -device virtio-serial-pci,id=vs0 the ports' bus is "vs0.0", as on QEMU.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-pci.h"

#define TYPE_VIRTIO_SERIAL_PCI "virtio-serial-pci"
#define PCI_CLASS_DISPLAY_OTHER 0x0380

static void virtio_serial_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    /* Only classes guests have known this function by (QEMU's list). */
    if (proxy->class_code != PCI_CLASS_COMMUNICATION_OTHER &&
        proxy->class_code != PCI_CLASS_DISPLAY_OTHER &&
        proxy->class_code != PCI_CLASS_OTHERS) {
        proxy->class_code = PCI_CLASS_COMMUNICATION_OTHER;
    }
    /* A vector per port and one for config changes. */
    if (proxy->vdev && proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        uint64_t max_ports = object_property_get_uint(OBJECT(proxy->vdev), "max_ports", errp);
        if (max_ports > 0xffff) {
            return;
        }
        proxy->nvectors = max_ports + 1;
    }
    virtio_pci_realize_child(proxy, errp);
}

static void virtio_serial_pci_instance_init(Object *obj)
{
    virtio_pci_instance_init_child(VIRTIO_PCI(obj), "virtio-serial-device");
}

static Property virtio_serial_pci_properties[] = {
    DEFINE_PROP_UINT32("class", VirtIOPCIProxy, class_code, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_serial_pci_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(oc);

    k->realize = virtio_serial_pci_realize;
    pc->device_id = PCI_DEVICE_ID_VIRTIO_CONSOLE;
    pc->class_id = PCI_CLASS_COMMUNICATION_OTHER;
    dc->desc = "virtio serial bus (PCI)";
    dc->user_creatable = true;
    dc->hotpluggable = true;
    device_class_set_category(dc, DEVICE_CATEGORY_INPUT);
    device_class_set_props(dc, virtio_serial_pci_properties);
}

static const TypeInfo virtio_serial_pci_types[] = {
    {
        .name = TYPE_VIRTIO_SERIAL_PCI,
        .parent = TYPE_VIRTIO_PCI,
        .instance_size = sizeof(VirtIOPCIProxy),
        .instance_init = virtio_serial_pci_instance_init,
        .class_init = virtio_serial_pci_class_init,
    },
};
DEFINE_TYPES(virtio_serial_pci_types)
