/*
 * virtio-blk-pci: a virtio-pci function holding a virtio-blk-device.  Its
 * properties (drive, serial, num-queues, ...) are the device's, forwarded.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/virtio/virtio-blk.h"

#define TYPE_VIRTIO_BLK_PCI "virtio-blk-pci"

static void virtio_blk_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    uint64_t num_queues;

    if (!proxy->vdev) {
        virtio_pci_realize_child(proxy, errp);
        return;
    }
    num_queues = object_property_get_uint(OBJECT(proxy->vdev), "num-queues", errp);
    if (num_queues == VIRTIO_BLK_AUTO_NUM_QUEUES) {
        num_queues = virtio_pci_optimal_num_queues(0);
        if (!object_property_set_uint(OBJECT(proxy->vdev), "num-queues", num_queues, errp)) {
            return;
        }
    }
    /* A vector per queue and one for config changes. */
    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        proxy->nvectors = num_queues + 1;
    }
    virtio_pci_realize_child(proxy, errp);
}

static void virtio_blk_pci_instance_init(Object *obj)
{
    virtio_pci_instance_init_child(VIRTIO_PCI(obj), "virtio-blk-device");
}

static Property virtio_blk_pci_properties[] = {
    DEFINE_PROP_UINT32("class", VirtIOPCIProxy, class_code, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_blk_pci_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);
    VirtioPCIClass *k = VIRTIO_PCI_CLASS(oc);

    k->realize = virtio_blk_pci_realize;
    pc->device_id = PCI_DEVICE_ID_VIRTIO_BLOCK;
    pc->class_id = PCI_CLASS_STORAGE_SCSI;
    dc->desc = "virtio block device (PCI)";
    dc->user_creatable = true;
    dc->hotpluggable = true;
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    device_class_set_props(dc, virtio_blk_pci_properties);
}

static const TypeInfo virtio_blk_pci_types[] = {
    {
        .name = TYPE_VIRTIO_BLK_PCI,
        .parent = TYPE_VIRTIO_PCI,
        .instance_size = sizeof(VirtIOPCIProxy),
        .instance_init = virtio_blk_pci_instance_init,
        .class_init = virtio_blk_pci_class_init,
    },
};
DEFINE_TYPES(virtio_blk_pci_types)
